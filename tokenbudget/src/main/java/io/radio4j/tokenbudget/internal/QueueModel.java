package io.radio4j.tokenbudget.internal;

/**
 * Steady-state waiting time of a single FCFS server with Poisson arrivals and near-constant
 * service (M/D/1), used to predict what another load level would do before trying it.
 *
 * <p>Mean wait is Pollaczek–Khinchine's W = ρ·S / (2(1 − ρ)); the tail is approximated as
 * P(W &gt; t) ≈ ρ·e^(−t·ρ/W) (the exponential-tail approximation of M/G/1 waits, exact for M/M/1).
 * Burstier arrivals are covered by a learned multiplier on the mean, {@code burstiness}.
 */
public final class QueueModel {

    private QueueModel() {}

    /** Mean wait in ms; +∞ when saturated. */
    public static double meanWaitMs(double ratePerSecond, double serviceMs) {
        double rho = ratePerSecond * serviceMs / 1000;
        if (rho >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return rho * serviceMs / (2 * (1 - rho));
    }

    /**
     * Probability that a request waits longer than {@code slackMs}.
     *
     * @param burstiness multiplier on the mean wait (1 = Poisson)
     */
    public static double waitExceedsProbability(double ratePerSecond, double serviceMs, double burstiness, double slackMs) {
        if (slackMs <= 0) {
            return 1;
        }
        double rho = ratePerSecond * serviceMs / 1000;
        if (rho >= 1) {
            return 1;
        }
        if (rho <= 0) {
            return 0;
        }
        double meanWait = burstiness * rho * serviceMs / (2 * (1 - rho));
        return Math.min(1, rho * Math.exp(-slackMs * rho / meanWait));
    }
}
