package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * S2: a steady load, a 3× step for a while, and back; p90 TTFT and tokens per image over time.
 * Same requests as S1 (32 images, 128 text tokens, 30% dense-reading images).
 */
public final class ScenarioS2 {

    /**
     * @param baseLoad       fraction of static-256 capacity before and after the step
     * @param factor         load multiplier during the step
     * @param stepStart      seconds
     * @param stepEnd        seconds
     * @param duration       seconds
     * @param windowSeconds  width of the sliding window for p90
     */
    public record Config(double targetMs, double quantile, double baseLoad, double factor, double stepStart,
                         double stepEnd, double duration, double windowSeconds, double burstiness, int stepTokenBudget,
                         double noiseCv, long seed) {
        public static Config standard() {
            return new Config(500, 0.9, 0.2, 3, 300, 600, 900, 10, 1.0, 8192, 0.02, 20260702L);
        }
    }

    /**
     * One second of the trace, from the window ending at {@code time}.
     *
     * @param p90Ms     p90 TTFT of the window's served requests
     * @param shedShare share of the window's arrivals that were shed
     */
    public record Sample(double time, double p90Ms, double shedShare, double meanTokens, double level, int arrivals) {}

    /**
     * One policy's trace and figures.
     *
     * @param settleSeconds      seconds after the step until every later window in the step has its
     *                           served requests' p90 under the target (0 if none misses; NaN if it never
     *                           settles); shed requests are reported apart, as shed share
     * @param levelChangesPerMin changes of the policy's level per minute over the steady stretches
     *                           (the last two thirds of each segment)
     */
    public record Trace(String policy, List<Sample> samples, RunSummary summary, double settleSeconds,
                        double levelChangesPerMin, double p99DuringStepMs) {}

    private ScenarioS2() {}

    public static List<Trace> run(CalibrationProfile profile, Config c,
                                  Function<LongSupplier, TokenBudgetController> controllerFactory, int[] staticK) {
        double cap = ScenarioS1.capacity256(profile, 32, 128);
        double base = c.baseLoad() * cap;
        List<Long> arrivals = Arrivals.generate(t -> t >= c.stepStart() && t < c.stepEnd() ? base * c.factor() : base,
                c.burstiness(), c.duration(), c.seed());
        SplittableRandom classes = new SplittableRandom(c.seed() * 31);
        List<SimRequest> requests = ServerSimulator.requests(arrivals, 32, 128,
                () -> classes.nextDouble() < 0.3 ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL);
        List<Trace> traces = new ArrayList<>();
        SimClock clock = new SimClock();
        traces.add(trace(requests, new ControllerPolicy("controller", clock, controllerFactory, c.targetMs(), c.quantile()),
                clock, profile, c));
        for (int k : staticK) {
            SimClock sc = new SimClock();
            traces.add(trace(requests, new StaticPolicy(k), sc, profile, c));
        }
        return traces;
    }

    private static Trace trace(List<SimRequest> requests, Policy policy, SimClock clock, CalibrationProfile profile, Config c) {
        ServerSimulator.Config server = new ServerSimulator.Config(profile.serviceTime(), 1.0, c.stepTokenBudget(), c.noiseCv(), c.seed());
        List<ServerSimulator.Outcome> outcomes = ServerSimulator.run(requests, policy, clock, server);
        List<Sample> samples = new ArrayList<>();
        for (int second = (int) c.windowSeconds(); second <= c.duration(); second++) {
            double from = second - c.windowSeconds();
            double to = second;
            List<ServerSimulator.Outcome> in = outcomes.stream()
                    .filter(o -> o.request().arrivalNanos() >= from * 1e9 && o.request().arrivalNanos() < to * 1e9).toList();
            double[] ttft = in.stream().filter(o -> !o.shed()).mapToDouble(ServerSimulator.Outcome::ttftMs).sorted().toArray();
            double shed = in.isEmpty() ? 0 : in.stream().filter(ServerSimulator.Outcome::shed).count() / (double) in.size();
            double tokens = in.stream().filter(o -> !o.shed()).mapToDouble(ServerSimulator.Outcome::meanTokens).average().orElse(Double.NaN);
            double level = in.isEmpty() ? Double.NaN : in.getLast().level();
            samples.add(new Sample(second, RunSummary.quantile(ttft, 0.9), shed, tokens, level, in.size()));
        }
        double settle = 0;
        for (Sample s : samples) {
            boolean windowInStep = s.time() - c.windowSeconds() >= c.stepStart() && s.time() <= c.stepEnd();
            if (windowInStep && s.p90Ms() > c.targetMs()) {
                settle = Math.max(settle, s.time() - c.stepStart());
            }
        }
        if (settle >= c.stepEnd() - c.stepStart() - 1) {
            settle = Double.NaN;
        }
        double[][] steady = {
                {c.stepStart() / 3, c.stepStart()},
                {c.stepStart() + (c.stepEnd() - c.stepStart()) / 3, c.stepEnd()},
                {c.stepEnd() + (c.duration() - c.stepEnd()) / 3, c.duration()}};
        double changes = 0;
        double minutes = 0;
        for (double[] seg : steady) {
            minutes += (seg[1] - seg[0]) / 60;
            double prev = Double.NaN;
            for (ServerSimulator.Outcome o : outcomes) {
                double t = o.request().arrivalNanos() / 1e9;
                if (t < seg[0] || t >= seg[1]) {
                    continue;
                }
                if (!Double.isNaN(prev) && o.level() != prev) {
                    changes++;
                }
                prev = o.level();
            }
        }
        double[] stepTtft = outcomes.stream()
                .filter(o -> o.request().arrivalNanos() >= c.stepStart() * 1e9 && o.request().arrivalNanos() < c.stepEnd() * 1e9)
                .filter(o -> !o.shed()).mapToDouble(ServerSimulator.Outcome::ttftMs).sorted().toArray();
        RunSummary summary = RunSummary.of(policy.name(), outcomes, profile, c.targetMs(), 0, (long) (c.duration() * 1e9));
        return new Trace(policy.name(), List.copyOf(samples), summary, settle, changes / minutes,
                RunSummary.quantile(stepTtft, 0.99));
    }

    static double[] column(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    static double[] finite(double[] values) {
        return Arrays.stream(values).map(v -> Double.isFinite(v) ? v : Double.NaN).toArray();
    }
}
