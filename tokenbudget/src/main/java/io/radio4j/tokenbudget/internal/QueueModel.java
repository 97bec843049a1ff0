package io.radio4j.tokenbudget.internal;

/**
 * Steady-state waiting time of a single FCFS server with Poisson arrivals and near-constant
 * service (M/D/1), used to predict what a different load level would do before trying it.
 *
 * <p>Mean wait is Pollaczek–Khinchine's W = ρ·S / (2(1 − ρ)); the tail is approximated as
 * P(W &gt; t) ≈ ρ·e^(−t/θ) with θ = W/ρ, which gives the quantile below (the exponential-tail
 * approximation of M/G/1 queues, exact for M/M/1). Burstier arrivals are covered by a learned
 * multiplier on the result, not here.
 */
public final class QueueModel {

    private QueueModel() {}

    /**
     * The {@code q}-quantile of the wait in ms, {@code +∞} when the server is saturated.
     *
     * @param ratePerSecond arrivals per second
     * @param serviceMs     mean service time in ms
     */
    public static double waitQuantileMs(double ratePerSecond, double serviceMs, double q) {
        double rho = ratePerSecond * serviceMs / 1000;
        if (rho >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (rho <= 1 - q || rho <= 0) {
            return 0;
        }
        double theta = serviceMs / (2 * (1 - rho));
        return theta * Math.log(rho / (1 - q));
    }
}
