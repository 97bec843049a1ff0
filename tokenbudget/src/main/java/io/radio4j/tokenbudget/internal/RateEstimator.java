package io.radio4j.tokenbudget.internal;

/**
 * Exponentially weighted event rate: each event adds 1/τ, and the estimate decays by e^(−Δt/τ).
 * Its expectation under a steady Poisson stream is the stream's rate. O(1) memory. Not thread-safe.
 */
public final class RateEstimator {

    private final double tauSeconds;
    private double ratePerSecond;
    private long lastNanos;
    private boolean started;

    public RateEstimator(double tauSeconds) {
        this.tauSeconds = tauSeconds;
    }

    public void event(long nowNanos) {
        decayTo(nowNanos);
        ratePerSecond += 1 / tauSeconds;
    }

    /** The rate at {@code nowNanos}, in events per second. */
    public double rate(long nowNanos) {
        decayTo(nowNanos);
        return ratePerSecond;
    }

    private void decayTo(long nowNanos) {
        if (!started) {
            started = true;
            lastNanos = nowNanos;
            return;
        }
        double dt = (nowNanos - lastNanos) / 1e9;
        if (dt > 0) {
            ratePerSecond *= Math.exp(-dt / tauSeconds);
            lastNanos = nowNanos;
        }
    }
}
