package io.radio4j.tokenbudget.evaluation;

import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetController;
import io.radio4j.tokenbudget.vllmsim.GpuConfig;
import io.radio4j.tokenbudget.vllmsim.SimRequest;
import io.radio4j.tokenbudget.vllmsim.VllmLikeServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Runs one policy on one simulated server and trace, and measures it per phase. The controller is
 * driven on simulated time: {@code decide} at arrival, {@code observe} when the first token
 * reaches the client. The controller only ever sees the card's default profile; the server is
 * {@link VllmLikeServer}, which shares no code or equations with it.
 */
public final class Evaluation {

    /** Images per request and their weights: 1, 2, 8 and 32-image requests. */
    static final int[] IMAGES = {1, 2, 8, 32};

    static final double[] IMAGE_WEIGHTS = {0.4, 0.3, 0.2, 0.1};
    /** Share of requests of the dense-reading class. */
    static final double DENSE_SHARE = 0.3;

    static final int TEXT_TOKENS = 128;
    static final int OUTPUT_TOKENS = 16;

    /** A load phase: requests per second over [startS, endS), and whether it is a spike. */
    public record Phase(String name, double startS, double endS, DoubleUnaryOperator ratePerSecondAt) {}

    /** One trace: named phases back to back. */
    public record Trace(String name, List<Phase> phases) {
        double endS() {
            return phases.getLast().endS();
        }
    }

    /** A policy: the tokens per image for a request, or null to shed it. */
    public interface Policy {
        String name();

        /** Tokens per image, or null to shed. */
        int[] decide(double nowMs, int images, String taskClass);

        /** The TTFT measured for a request this policy admitted. */
        default void observe(Object handle, double ttftMs) {}

        /** An opaque handle for {@link #observe}, from the last {@link #decide}. */
        default Object lastHandle() {
            return null;
        }
    }

    /** Every image of a request gets k tokens (at least its class floor). */
    public static Policy staticK(int k, CalibrationProfile profile) {
        return new Policy() {
            @Override
            public String name() {
                return "static-" + k;
            }

            @Override
            public int[] decide(double nowMs, int images, String taskClass) {
                int[] out = new int[images];
                java.util.Arrays.fill(out, Math.max(k, profile.curve(taskClass).floorTokens()));
                return out;
            }
        };
    }

    /** The controller, on simulated time, with the given target and shedding setting. */
    public static Policy controller(CalibrationProfile profile, double targetMs, boolean shed) {
        long[] clock = {0};
        TokenBudgetController c = TokenBudgetController.builder()
                .profile(profile)
                .clock(() -> clock[0])
                .shedUnreachable(shed)
                .build();
        return new Policy() {
            private BudgetDecision last;

            @Override
            public String name() {
                return shed ? "controller+shed" : "controller";
            }

            @Override
            public int[] decide(double nowMs, int images, String taskClass) {
                clock[0] = (long) (nowMs * 1e6);
                List<String> classes = java.util.Collections.nCopies(images, taskClass);
                last = c.decide(BudgetRequest.builder()
                        .imageClasses(classes)
                        .textTokens(TEXT_TOKENS)
                        .ttftTargetMs(targetMs)
                        .build());
                if (!last.admitted()) {
                    return null;
                }
                return last.tokensPerImage().stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
            }

            @Override
            public Object lastHandle() {
                return last;
            }

            @Override
            public void observe(Object handle, double ttftMs) {
                BudgetDecision d = (BudgetDecision) handle;
                clock[0] = Math.max(clock[0], d.decidedAtNanos() + (long) (ttftMs * 1e6));
                c.observe(d, ttftMs);
            }
        };
    }

    /** Per-phase results. */
    public record PhaseResult(
            String phase,
            int arrivals,
            int shed,
            int met,
            double p90ServedMs,
            double meanAccuracyServed,
            double accuracyAtAttainment,
            double meanTokensPerImage) {
        /** Share of arrivals that were served within the target. */
        public double attainment() {
            return arrivals == 0 ? Double.NaN : met / (double) arrivals;
        }
    }

    /** A sample of the run over time, for plots. */
    public record TimePoint(double timeS, double meanK, double p90Ms, double admittedShare) {}

    /** A whole run. */
    public record Run(String server, String trace, String policy, List<PhaseResult> phases, List<TimePoint> timeline) {}

    private record Sent(SimRequest request, Object handle, double accuracy, int phase, double meanK) {}

    /**
     * Runs {@code policy} on {@code gpu} (with {@code slowdown} over time) under {@code trace}, with
     * arrivals drawn from {@code seed} (the same seed gives every policy the same arrivals).
     */
    public static Run run(
            String serverName,
            GpuConfig gpu,
            DoubleUnaryOperator slowdown,
            Trace trace,
            Policy policy,
            CalibrationProfile profile,
            double targetMs,
            long seed) {
        VllmLikeServer server = new VllmLikeServer(gpu, slowdown);
        SplittableRandom random = new SplittableRandom(seed);
        int phases = trace.phases().size();
        int[] arrivals = new int[phases];
        int[] shed = new int[phases];
        int[] met = new int[phases];
        double[] accServed = new double[phases];
        double[] accMet = new double[phases];
        double[] kSum = new double[phases];
        List<List<Double>> ttfts = new ArrayList<>();
        for (int i = 0; i < phases; i++) {
            ttfts.add(new ArrayList<>());
        }
        Map<Long, Sent> inFlight = new HashMap<>();
        java.util.PriorityQueue<SimRequest> pending =
                new java.util.PriorityQueue<>((a, b) -> Double.compare(a.firstTokenMs(), b.firstTokenMs()));
        List<TimePoint> timeline = new ArrayList<>();
        List<Double> bucketTtft = new ArrayList<>();
        double bucketK = 0;
        int bucketN = 0;
        int bucketShed = 0;
        double nextBucketS = 5;
        double t = 0;
        long id = 0;
        double endS = trace.endS();
        while (true) {
            int phase = phaseAt(trace, t);
            double rate =
                    Math.max(1e-3, trace.phases().get(phase).ratePerSecondAt().applyAsDouble(t));
            t += -Math.log(1 - random.nextDouble()) / rate;
            // Draw the request before checking the end, so every policy sees the same sequence.
            int images = pick(random);
            String cls = random.nextDouble() < DENSE_SHARE ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL;
            double nowMs = t * 1000;
            pending.addAll(server.runUntil(Math.min(nowMs, endS * 1000 + 60_000)));
            while (!pending.isEmpty() && pending.peek().firstTokenMs() <= nowMs) {
                SimRequest r = pending.poll();
                Sent s = inFlight.remove(r.id());
                policy.observe(s.handle, r.ttftMs());
                ttfts.get(s.phase).add(r.ttftMs());
                if (r.ttftMs() <= targetMs) {
                    met[s.phase]++;
                    accMet[s.phase] += s.accuracy;
                }
                bucketTtft.add(r.ttftMs());
            }
            while (t >= nextBucketS && nextBucketS <= endS) {
                timeline.add(new TimePoint(
                        nextBucketS,
                        bucketN == 0 ? Double.NaN : bucketK / bucketN,
                        p90(bucketTtft),
                        bucketN + bucketShed == 0 ? Double.NaN : bucketN / (double) (bucketN + bucketShed)));
                bucketTtft.clear();
                bucketK = 0;
                bucketN = 0;
                bucketShed = 0;
                nextBucketS += 5;
            }
            if (t >= endS) {
                break;
            }
            phase = phaseAt(trace, t);
            arrivals[phase]++;
            int[] k = policy.decide(nowMs, images, cls);
            if (k == null) {
                shed[phase]++;
                bucketShed++;
                continue;
            }
            double acc = 0;
            int visual = 0;
            for (int ki : k) {
                acc += profile.curve(cls).accuracyAt(ki);
                visual += ki;
            }
            acc /= images;
            double meanK = visual / (double) images;
            accServed[phase] += acc;
            kSum[phase] += meanK;
            bucketK += meanK;
            bucketN++;
            SimRequest r = server.submit(id, nowMs, images, visual + TEXT_TOKENS, OUTPUT_TOKENS);
            inFlight.put(id++, new Sent(r, policy.lastHandle(), acc, phase, meanK));
        }
        // Let the requests in flight finish so their TTFTs count.
        pending.addAll(server.runUntil(endS * 1000 + 600_000));
        while (!pending.isEmpty()) {
            SimRequest r = pending.poll();
            Sent s = inFlight.remove(r.id());
            ttfts.get(s.phase).add(r.ttftMs());
            if (r.ttftMs() <= targetMs) {
                met[s.phase]++;
                accMet[s.phase] += s.accuracy;
            }
        }
        List<PhaseResult> results = new ArrayList<>();
        for (int i = 0; i < phases; i++) {
            int served = arrivals[i] - shed[i];
            results.add(new PhaseResult(
                    trace.phases().get(i).name(),
                    arrivals[i],
                    shed[i],
                    met[i],
                    p90(ttfts.get(i)),
                    served == 0 ? Double.NaN : accServed[i] / served,
                    arrivals[i] == 0 ? Double.NaN : accMet[i] / arrivals[i],
                    served == 0 ? Double.NaN : kSum[i] / served));
        }
        return new Run(serverName, trace.name(), policy.name(), results, timeline);
    }

    private static int phaseAt(Trace trace, double t) {
        for (int i = 0; i < trace.phases().size(); i++) {
            if (t < trace.phases().get(i).endS()) {
                return i;
            }
        }
        return trace.phases().size() - 1;
    }

    private static int pick(SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < IMAGES.length; i++) {
            u -= IMAGE_WEIGHTS[i];
            if (u < 0) {
                return IMAGES[i];
            }
        }
        return IMAGES[IMAGES.length - 1];
    }

    static double p90(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get((int) Math.ceil(0.9 * s.size()) - 1);
    }

    /**
     * Requests per second the server completes when saturated with the trace's request mix at
     * static k = 256: the reference for "load as a share of capacity".
     */
    public static double capacityPerSecond(GpuConfig gpu, long seed) {
        VllmLikeServer server = new VllmLikeServer(gpu, x -> 1.0);
        SplittableRandom random = new SplittableRandom(seed);
        int n = 3000;
        for (int i = 0; i < n; i++) {
            int images = pick(random);
            server.submit(i, 0, images, images * 256 + TEXT_TOKENS, OUTPUT_TOKENS);
        }
        List<SimRequest> done = server.runUntil(1e12);
        double last = done.stream().mapToDouble(SimRequest::firstTokenMs).max().orElse(1) - gpu.frontEndMs();
        return n / (last / 1000);
    }
}
