package io.radio4j.tokenbudget.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Arrival times of a renewal process whose rate may change over time: Poisson (exponential gaps)
 * or bursty (gamma gaps with shape below 1, as {@code vllm bench serve --burstiness}: shape 1 is
 * Poisson, smaller is burstier; the squared coefficient of variation of the gaps is 1/shape).
 * Deterministic for a seed.
 */
public final class Arrivals {

    private Arrivals() {}

    /**
     * Arrival times in nanoseconds over {@code [0, durationSeconds)}.
     *
     * @param rate       requests per second as a function of time in seconds (piecewise constant is fine)
     * @param burstiness gamma shape of the gaps; 1 = Poisson
     */
    public static List<Long> generate(DoubleUnaryOperator rate, double burstiness, double durationSeconds, long seed) {
        if (!(burstiness > 0)) {
            throw new IllegalArgumentException("burstiness must be positive, got " + burstiness);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> times = new ArrayList<>();
        double t = 0;
        while (true) {
            double lambda = rate.applyAsDouble(t);
            if (!(lambda > 0)) {
                throw new IllegalArgumentException("rate must be positive, got " + lambda + " at t=" + t);
            }
            // Mean gap 1/λ: gamma(shape, scale = 1/(shape·λ)).
            t += gamma(random, burstiness) / (burstiness * lambda);
            if (t >= durationSeconds) {
                return times;
            }
            times.add((long) (t * 1e9));
        }
    }

    /**
     * A Gamma(shape, 1) sample by Marsaglia and Tsang's method (ACM TOMS 26(3), 2000), boosted for
     * shape below 1. Written here because it is the only sampler the simulator needs and the JDK
     * has none; a statistics library for one function is not worth the dependency.
     */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(random, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        // Box–Muller; one of the pair is enough here.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
