package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * S1: a steady Poisson load swept from 10% to 150% of static k=256's capacity; 32-image requests
 * with 128 text tokens, each image dense-reading with probability 0.3; p90 TTFT target 500 ms. The
 * controller and every static k see the same arrivals and the same image classes.
 */
public final class ScenarioS1 {

    /** The static baselines of every scenario. */
    public static final int[] STATIC_K = {8, 32, 64, 128, 192, 256};

    /**
     * @param loads           fractions of static-256 capacity
     * @param durationSeconds simulated seconds per load
     * @param warmupSeconds   leading seconds not counted
     */
    public record Config(double targetMs, double quantile, int images, int textTokens, double denseShare,
                         double[] loads, double durationSeconds, double warmupSeconds, int stepTokenBudget,
                         double noiseCv, double burstiness, long seed) {

        public static Config standard() {
            double[] loads = new double[15];
            for (int i = 0; i < loads.length; i++) {
                loads[i] = 0.1 * (i + 1);
            }
            return new Config(500, 0.9, 32, 128, 0.3, loads, 900, 60, 8192, 0.02, 1.0, 20260701L);
        }
    }

    /** One load point: every policy's summary. */
    public record Point(double load, double ratePerSecond, List<RunSummary> runs) {}

    private ScenarioS1() {}

    /** Capacity of static k=256 in requests per second: 1 / unloaded service time. */
    public static double capacity256(CalibrationProfile profile, Config c) {
        return 1000 / profile.serviceTime().serviceMs(c.images() * 256 + c.textTokens());
    }

    public static List<Point> run(CalibrationProfile profile, Config c,
                                  Function<LongSupplier, TokenBudgetController> controllerFactory) {
        double cap = capacity256(profile, c);
        List<Point> points = new ArrayList<>();
        for (int li = 0; li < c.loads().length; li++) {
            double rate = c.loads()[li] * cap;
            long seed = c.seed() + li;
            List<Long> arrivals = Arrivals.generate(t -> rate, c.burstiness(), c.durationSeconds(), seed);
            SplittableRandom classes = new SplittableRandom(seed * 31);
            List<SimRequest> requests = ServerSimulator.requests(arrivals, c.images(), c.textTokens(),
                    () -> classes.nextDouble() < c.denseShare() ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL);
            List<RunSummary> runs = new ArrayList<>();
            SimClock clock = new SimClock();
            ControllerPolicy controller = new ControllerPolicy("controller", clock, controllerFactory, c.targetMs(), c.quantile());
            runs.add(runOne(requests, controller, clock, profile, c, seed));
            for (int k : STATIC_K) {
                SimClock staticClock = new SimClock();
                runs.add(runOne(requests, new StaticPolicy(k), staticClock, profile, c, seed));
            }
            points.add(new Point(c.loads()[li], rate, runs));
        }
        return points;
    }

    private static RunSummary runOne(List<SimRequest> requests, Policy policy, SimClock clock, CalibrationProfile profile,
                                     Config c, long seed) {
        ServerSimulator.Config server = new ServerSimulator.Config(profile.serviceTime(), 1.0, c.stepTokenBudget(), c.noiseCv(), seed);
        List<ServerSimulator.Outcome> outcomes = ServerSimulator.run(requests, policy, clock, server);
        return RunSummary.of(policy.name(), outcomes, profile, c.targetMs(),
                (long) (c.warmupSeconds() * 1e9), (long) (c.durationSeconds() * 1e9));
    }
}
