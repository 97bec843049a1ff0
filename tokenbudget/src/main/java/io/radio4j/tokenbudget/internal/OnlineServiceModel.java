package io.radio4j.tokenbudget.internal;

/**
 * Learns how much slower or faster the real server is than the profile: measured service ≈ scale ×
 * profile service, with the scale an exponentially weighted ratio of sums (Σ measured / Σ profile),
 * so it follows a server that drifts without keeping history.
 *
 * <p>Only a scale, no offset: the profile's service times span a narrow band (327–453 ms on the
 * card), where scale and offset are nearly collinear and a two-parameter fit chases noise. A ratio
 * of sums is also robust to the per-sample noise of chunked prefill, where one request's measured
 * time holds pieces of its neighbours'. Not thread-safe: the controller guards it.
 */
public final class OnlineServiceModel {

    private static final double MIN_SCALE = 0.1;
    private static final double MAX_SCALE = 10;

    private final double forgetting;
    private double measuredSum;
    private double profileSum;
    private long samples;

    /**
     * @param forgetting  weight the past keeps per sample, in (0, 1]; 0.995 remembers about 200
     * @param priorWeight how many profile-sized samples of scale 1 the prior is worth
     * @param typicalMs   a typical profile service time, sizing the prior
     */
    public OnlineServiceModel(double forgetting, double priorWeight, double typicalMs) {
        this.forgetting = forgetting;
        this.measuredSum = priorWeight * typicalMs;
        this.profileSum = priorWeight * typicalMs;
    }

    /** Adds one pair: the profile predicted {@code profileMs}, the server took {@code measuredMs}. */
    public void update(double profileMs, double measuredMs) {
        if (!(profileMs > 0) || !(measuredMs >= 0)) {
            return;
        }
        measuredSum = forgetting * measuredSum + measuredMs;
        profileSum = forgetting * profileSum + profileMs;
        samples++;
    }

    /** Predicted real service time for a profile service time. */
    public double predict(double profileMs) {
        return scale() * profileMs;
    }

    /** Learned multiplier on the profile's service time. */
    public double scale() {
        return Math.clamp(measuredSum / profileSum, MIN_SCALE, MAX_SCALE);
    }

    public long samples() {
        return samples;
    }
}
