package io.radio4j.tokenbudget.internal;

/**
 * Learns how the real server's service time relates to the profile's: measured = scale × profile
 * + offset, fitted by recursive least squares with exponential forgetting, so it follows a server
 * that drifts (another GPU, another model build) without keeping any history.
 *
 * <p>The regressor is centred on {@code centreMs} because the profile's service times sit in a
 * narrow band far from zero; uncentred, scale and offset would be nearly collinear. Not thread-safe:
 * the controller guards it.
 */
public final class OnlineServiceModel {

    private static final double MIN_SCALE = 0.1;
    private static final double MAX_SCALE = 10;

    private final double forgetting;
    private final double centreMs;
    // Parameters of y = a + b (x - centre); the prior is the profile itself (a = centre, b = 1).
    private double a;
    private double b = 1;
    private double p00;
    private double p01;
    private double p11;
    private long samples;

    /**
     * @param forgetting       weight kept by the past per sample, in (0, 1]; 0.995 remembers ~200
     * @param centreMs         a typical profile service time
     * @param priorOffsetVar   prior variance of the intercept, ms²
     * @param priorScaleVar    prior variance of the scale
     */
    public OnlineServiceModel(double forgetting, double centreMs, double priorOffsetVar, double priorScaleVar) {
        this.forgetting = forgetting;
        this.centreMs = centreMs;
        this.a = centreMs;
        this.p00 = priorOffsetVar;
        this.p11 = priorScaleVar;
    }

    /** Adds one pair: the profile predicted {@code profileMs}, the server took {@code measuredMs}. */
    public void update(double profileMs, double measuredMs) {
        double x = profileMs - centreMs;
        // Standard RLS update for phi = (1, x).
        double pPhi0 = p00 + p01 * x;
        double pPhi1 = p01 + p11 * x;
        double denom = forgetting + pPhi0 + x * pPhi1;
        double k0 = pPhi0 / denom;
        double k1 = pPhi1 / denom;
        double error = measuredMs - (a + b * x);
        a += k0 * error;
        b += k1 * error;
        double n00 = (p00 - k0 * pPhi0) / forgetting;
        double n01 = (p01 - k0 * pPhi1) / forgetting;
        double n11 = (p11 - k1 * pPhi1) / forgetting;
        p00 = n00;
        p01 = n01;
        p11 = n11;
        samples++;
    }

    /** Predicted real service time for a profile service time. */
    public double predict(double profileMs) {
        return Math.max(0, offsetMs() + scale() * profileMs);
    }

    /** Inverse of {@link #predict}: the profile time that maps to {@code realMs}. */
    public double profileMsFor(double realMs) {
        return (realMs - offsetMs()) / scale();
    }

    /** Learned multiplier on the profile's service time. */
    public double scale() {
        return Math.clamp(b, MIN_SCALE, MAX_SCALE);
    }

    /** Learned offset in milliseconds. */
    public double offsetMs() {
        return a - Math.clamp(b, MIN_SCALE, MAX_SCALE) * centreMs;
    }

    public long samples() {
        return samples;
    }
}
