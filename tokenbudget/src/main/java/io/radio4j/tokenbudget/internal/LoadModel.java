package io.radio4j.tokenbudget.internal;

import java.util.function.IntToDoubleFunction;

/**
 * What the load level is chosen from: the arrival rate, the typical request (images, text tokens,
 * service time), the wait arrivals meet, and a burstiness factor learned as the ratio of that wait
 * to the M/D/1 prediction. Exponentially weighted, O(1) memory. Not thread-safe.
 */
public final class LoadModel {

    private static final double EW_WEIGHT = 0.05;
    private static final double MIN_BURSTINESS = 0.5;
    private static final double MAX_BURSTINESS = 4;
    private static final int MIN_OBSERVATIONS = 16;
    private static final double MIN_MODEL_WAIT_MS = 5;

    private final RateEstimator arrivals;
    private double meanImages;
    private double meanTextTokens;
    private double meanServiceMs;
    private double meanWaitMs;
    private double burstiness = 1;
    private long observations;

    public LoadModel(double rateTimeConstantSeconds, double images, double textTokens, double serviceMs) {
        this.arrivals = new RateEstimator(rateTimeConstantSeconds);
        this.meanImages = images;
        this.meanTextTokens = textTokens;
        this.meanServiceMs = serviceMs;
    }

    /** Counts an arrival. */
    public void arrival(long nowNanos) {
        arrivals.event(nowNanos);
    }

    /** The wait the queue model predicts for an arrival (shed or not: dropping shed ones would hide the queue). */
    public void waited(double waitMs) {
        meanWaitMs += EW_WEIGHT * (waitMs - meanWaitMs);
    }

    /** Counts an admitted request's shape. */
    public void admitted(int images, int textTokens, double serviceMs) {
        meanImages += EW_WEIGHT * (images - meanImages);
        meanTextTokens += EW_WEIGHT * (textTokens - meanTextTokens);
        meanServiceMs += EW_WEIGHT * (serviceMs - meanServiceMs);
    }

    /** Updates the burstiness factor after an observation. */
    public void observed(long nowNanos) {
        observations++;
        double model = QueueModel.meanWaitMs(arrivals.rate(nowNanos), meanServiceMs);
        // Only where the model predicts a real queue does the ratio say something about burstiness.
        if (observations > MIN_OBSERVATIONS && model > MIN_MODEL_WAIT_MS && Double.isFinite(model)) {
            double ratio = Math.clamp(meanWaitMs / model, MIN_BURSTINESS, MAX_BURSTINESS);
            burstiness += EW_WEIGHT * (ratio - burstiness);
        }
    }

    public double rate(long nowNanos) {
        return arrivals.rate(nowNanos);
    }

    public double burstiness() {
        return burstiness;
    }

    /**
     * Predicted share of requests missing {@code targetMs} if every image got {@code level} tokens:
     * the chance the wait exceeds what the level's service time and the margin leave.
     *
     * @param serviceMs service time of a prompt of the given total tokens
     */
    public IntToDoubleFunction missShare(long nowNanos, double targetMs, double marginMs, IntToDoubleFunction serviceMs) {
        double rate = arrivals.rate(nowNanos);
        return level -> {
            double s = serviceMs.applyAsDouble((int) Math.round(meanImages * level + meanTextTokens));
            return QueueModel.waitExceedsProbability(rate, s, burstiness, targetMs - s - marginMs);
        };
    }
}
