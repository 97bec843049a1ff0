package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.ServiceTimeCurve;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A discrete-event model of a vLLM-like server's prefill: one FCFS queue, and scheduler steps that
 * each prefill at most {@code stepTokenBudget} prompt tokens (chunked prefill, vLLM's
 * {@code max_num_batched_tokens}), taking chunks from the head of the queue onwards. A request's
 * first token appears at the end of the step that prefills its last token.
 *
 * <p>Service time comes from the profile: a request of T prompt tokens costs
 * {@code serviceScale × S(T)} in total (times optional log-normal noise), spread evenly over its
 * tokens, so an unloaded request reproduces the profile's TTFT while under load the chunks of
 * neighbouring requests share steps. Requests arriving during a step join the queue for the next
 * step, as in vLLM. Decode work is not modelled: the scenarios measure TTFT.
 */
public final class ServerSimulator {

    /**
     * @param service         the profile's service-time curve
     * @param serviceScale    multiplier on it (the "real" server may differ from the profile)
     * @param stepTokenBudget prefill tokens per scheduler step
     * @param noiseCv         coefficient of variation of per-request service noise (0 = none)
     * @param seed            seed of the noise
     */
    public record Config(ServiceTimeCurve service, double serviceScale, int stepTokenBudget, double noiseCv, long seed) {
        public Config {
            if (stepTokenBudget < 1 || !(serviceScale > 0) || noiseCv < 0) {
                throw new IllegalArgumentException("step budget ≥ 1, scale > 0 and noise ≥ 0 are required");
            }
        }
    }

    /**
     * What happened to one request.
     *
     * @param request         the request
     * @param tokensPerImage  tokens chosen, null if shed
     * @param ttftMs          time to first token, NaN if shed
     * @param completionNanos when the first token appeared, -1 if shed
     * @param level           the policy's level when it decided
     * @param order           position in completion order, -1 if shed
     */
    public record Outcome(SimRequest request, int[] tokensPerImage, double ttftMs, long completionNanos, double level,
                          int order) {
        public boolean shed() {
            return tokensPerImage == null;
        }

        public double meanTokens() {
            if (tokensPerImage == null) {
                return Double.NaN;
            }
            double s = 0;
            for (int k : tokensPerImage) {
                s += k;
            }
            return s / tokensPerImage.length;
        }
    }

    private static final class Active {
        final int index;
        final Policy.Assignment assignment;
        final double costPerTokenMs;
        int remaining;

        Active(int index, Policy.Assignment assignment, int tokens, double serviceMs) {
            this.index = index;
            this.assignment = assignment;
            this.remaining = tokens;
            this.costPerTokenMs = serviceMs / tokens;
        }
    }

    private ServerSimulator() {}

    /**
     * Runs every request through {@code policy}. Requests must be sorted by arrival time; the clock
     * must be the one the policy reads and start at 0.
     *
     * @return one outcome per request, in arrival order
     */
    public static List<Outcome> run(List<SimRequest> requests, Policy policy, SimClock clock, Config config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        Outcome[] outcomes = new Outcome[requests.size()];
        ArrayDeque<Active> queue = new ArrayDeque<>();
        int next = 0;
        int completed = 0;
        while (next < requests.size() || !queue.isEmpty()) {
            if (queue.isEmpty()) {
                SimRequest r = requests.get(next);
                clock.set(Math.max(clock.getAsLong(), r.arrivalNanos()));
                admit(r, next++, policy, clock, config, random, queue, outcomes);
                continue;
            }
            int budget = config.stepTokenBudget();
            double stepMs = 0;
            for (Iterator<Active> it = queue.iterator(); it.hasNext() && budget > 0; ) {
                Active a = it.next();
                int take = Math.min(a.remaining, budget);
                stepMs += take * a.costPerTokenMs;
                a.remaining -= take;
                budget -= take;
            }
            long stepEnd = clock.getAsLong() + Math.max(1, (long) (stepMs * 1e6));
            while (next < requests.size() && requests.get(next).arrivalNanos() < stepEnd) {
                SimRequest r = requests.get(next);
                clock.set(Math.max(clock.getAsLong(), r.arrivalNanos()));
                admit(r, next++, policy, clock, config, random, queue, outcomes);
            }
            clock.set(stepEnd);
            while (!queue.isEmpty() && queue.peekFirst().remaining == 0) {
                Active a = queue.pollFirst();
                SimRequest r = requests.get(a.index);
                double ttft = (stepEnd - r.arrivalNanos()) / 1e6;
                Outcome o = outcomes[a.index];
                outcomes[a.index] = new Outcome(r, o.tokensPerImage(), ttft, stepEnd, o.level(), completed++);
                policy.completed(a.assignment, ttft);
            }
        }
        return List.of(outcomes);
    }

    private static void admit(SimRequest r, int index, Policy policy, SimClock clock, Config config,
                              SplittableRandom random, ArrayDeque<Active> queue, Outcome[] outcomes) {
        double level = policy.level();
        Policy.Assignment a = policy.assign(r, clock.getAsLong());
        if (a == null) {
            outcomes[index] = new Outcome(r, null, Double.NaN, -1, level, -1);
            return;
        }
        int tokens = a.totalVisual() + r.textTokens();
        double serviceMs = config.serviceScale() * config.service().serviceMs(tokens);
        if (config.noiseCv() > 0) {
            double sigma = Math.sqrt(Math.log(1 + config.noiseCv() * config.noiseCv()));
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            serviceMs *= Math.exp(sigma * z - sigma * sigma / 2);
        }
        outcomes[index] = new Outcome(r, a.tokensPerImage().clone(), Double.NaN, -1, level, -1);
        queue.addLast(new Active(index, a, Math.max(1, tokens), serviceMs));
    }

    /** Requests with the given arrival times, each with {@code images} images drawn by {@code classOf}. */
    public static List<SimRequest> requests(List<Long> arrivals, int images, int textTokens,
                                            java.util.function.Supplier<String> classOf) {
        List<SimRequest> out = new ArrayList<>(arrivals.size());
        for (int i = 0; i < arrivals.size(); i++) {
            List<String> classes = new ArrayList<>(images);
            for (int j = 0; j < images; j++) {
                classes.add(classOf.get());
            }
            out.add(new SimRequest(i, arrivals.get(i), classes, textTokens));
        }
        return out;
    }
}
