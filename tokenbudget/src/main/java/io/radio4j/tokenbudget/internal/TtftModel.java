package io.radio4j.tokenbudget.internal;

import io.radio4j.tokenbudget.ServiceTimeCurve;

/**
 * The controller's TTFT predictor: service time (profile curve × learned scale), queueing (a
 * {@link SchedulerTwin} of the admitted requests), exposure to later arrivals joining a request's
 * last prefill step, and a margin (a quantile of recent prediction errors). Observations correct
 * all four. Memory is fixed. Not thread-safe: the controller guards it.
 */
public final class TtftModel {

    private static final int MIN_RESIDUALS = 16;
    private static final int SEQUENCE_RING = 4096;

    private final ServiceTimeCurve curve;
    private final int chunkTokens;
    private final double initialMarginMs;
    private final OnlineServiceModel serviceModel;
    private final ResidualWindow residuals;
    private final SchedulerTwin twin;
    // Per recent decision, the queue shift already applied when it was made, so an observation
    // corrects only the part of its error that later observations have not corrected yet.
    private final long[] ringSequence = new long[SEQUENCE_RING];
    private final long[] ringShift = new long[SEQUENCE_RING];
    private long cumulativeShiftNanos;
    private long lastCompletionNanos = Long.MIN_VALUE;

    /**
     * @param residualWindow  prediction errors kept for the margin
     * @param initialMarginMs margin used before {@value #MIN_RESIDUALS} errors are known
     * @param forgetting      forgetting factor of the service scale per observation
     * @param maxQueued       most admitted requests the queue model tracks
     */
    public TtftModel(ServiceTimeCurve curve, int residualWindow, double initialMarginMs, double forgetting, int maxQueued) {
        this.curve = curve;
        this.chunkTokens = curve.prefillChunkTokens();
        this.initialMarginMs = initialMarginMs;
        this.residuals = new ResidualWindow(residualWindow);
        this.twin = new SchedulerTwin(chunkTokens, maxQueued);
        this.serviceModel = new OnlineServiceModel(forgetting, 5, typicalMs(curve));
    }

    /** Smallest accepted residual window. */
    public static int minResidualWindow() {
        return MIN_RESIDUALS;
    }

    /** A typical service time of the curve: the mean of its first and last point. */
    public static double typicalMs(ServiceTimeCurve curve) {
        return (curve.points().getFirst().ttftMs() + curve.points().getLast().ttftMs()) / 2;
    }

    /** Predicted service time of a prompt of {@code totalTokens} on the observed server. */
    public double serviceMs(int totalTokens) {
        return serviceModel.predict(curve.serviceMs(totalTokens));
    }

    /** The margin for quantile {@code q}: that quantile of recent errors, at least 0. */
    public double marginMs(double q) {
        if (residuals.size() < MIN_RESIDUALS) {
            return initialMarginMs;
        }
        return Math.max(0, residuals.quantile(q));
    }

    public boolean isFull() {
        return twin.isFull();
    }

    public double scale() {
        return serviceModel.scale();
    }

    public double residualQuantile(double q) {
        return residuals.quantile(q);
    }

    /** Predicted work ahead of a request arriving now, ms. */
    public double backlogMs(long nowNanos) {
        return Math.max(0, twin.idleAtNanos(nowNanos) - nowNanos) / 1e6;
    }

    /** Predictions for a request arriving now, at quantile {@code q}, with arrivals at {@code rate}/s. */
    public Snapshot snapshot(long nowNanos, double rate, double q) {
        return new Snapshot(twin.forecaster(nowNanos), nowNanos, rate, q, marginMs(q));
    }

    /** Adds an admitted request to the queue model. */
    public void admit(long sequence, int totalTokens, double serviceMs, long nowNanos) {
        twin.add(sequence, totalTokens, serviceMs, nowNanos);
        int slot = (int) (sequence % SEQUENCE_RING);
        ringSequence[slot] = sequence;
        ringShift[slot] = cumulativeShiftNanos;
    }

    /**
     * Learns from one measured TTFT.
     *
     * @param predictedMs predicted wait + span of the decision (no exposure, no margin)
     * @param exposureMs  the decision's worst-case exposure
     */
    public void observe(long sequence, long decidedNanos, int totalTokens, double predictedMs, double exposureMs,
                        double measuredMs, long nowNanos) {
        long completion = decidedNanos + (long) (measuredMs * 1e6);
        int slot = (int) (sequence % SEQUENCE_RING);
        if (ringSequence[slot] == sequence) {
            long already = cumulativeShiftNanos - ringShift[slot];
            long error = completion - decidedNanos - (long) (predictedMs * 1e6) - already;
            twin.advance(nowNanos);
            twin.shift(error);
            cumulativeShiftNanos += error;
        }
        // Delay from later arrivals joining the last step is the exposure model's business, not a
        // model error: excuse it so it does not inflate every request's margin.
        double excess = measuredMs - predictedMs;
        residuals.add(excess - Math.clamp(excess, 0, exposureMs));
        if (completion >= lastCompletionNanos) {
            // In FCFS order a request is served from its arrival or the previous first token,
            // whichever is later; chunk sharing makes single samples noisy, the ratio of sums is not.
            long start = lastCompletionNanos == Long.MIN_VALUE ? decidedNanos : Math.max(decidedNanos, lastCompletionNanos);
            double servedMs = (completion - start) / 1e6;
            if (servedMs > 0) {
                serviceModel.update(curve.serviceMs(totalTokens), servedMs);
            }
            lastCompletionNanos = completion;
        }
    }

    /** What one request sees now; evaluates candidate prompt sizes cheaply. */
    public final class Snapshot {
        private final SchedulerTwin.Forecaster forecaster;
        private final long now;
        private final double rate;
        private final double q;
        private final double marginMs;

        private Snapshot(SchedulerTwin.Forecaster forecaster, long now, double rate, double q, double marginMs) {
            this.forecaster = forecaster;
            this.now = now;
            this.rate = rate;
            this.q = q;
            this.marginMs = marginMs;
        }

        public double marginMs() {
            return marginMs;
        }

        /**
         * Largest prompt in {@code [lo, hi]} whose first token is predicted, with the margin, within
         * {@code targetMs}; {@code lo − 1} if none.
         */
        public int largestTokensWithin(int lo, int hi, double targetMs) {
            double budget = targetMs - marginMs;
            if (!fits(lo, budget)) {
                return lo - 1;
            }
            if (fits(hi, budget)) {
                return hi;
            }
            int good = lo;
            int bad = hi;
            while (bad - good > 1) {
                int mid = (good + bad) >>> 1;
                if (fits(mid, budget)) {
                    good = mid;
                } else {
                    bad = mid;
                }
            }
            return good;
        }

        /**
         * When the prompt would leave its last step open to later arrivals and that would break the
         * target, the largest smaller prompt (at least {@code minTokens}) that ends exactly on a step
         * boundary, where nothing can join it; otherwise {@code tokens} unchanged.
         */
        public int avoidTailExposure(int tokens, int minTokens, double targetMs) {
            if (chunkTokens <= 0) {
                return tokens;
            }
            Prediction p = predict(tokens);
            if (p.countedExposureMs() == 0 || p.waitMs() + p.spanMs() + p.countedExposureMs() + marginMs <= targetMs) {
                return tokens;
            }
            int fill = forecaster.openFill();
            int aligned = (fill + tokens) / chunkTokens * chunkTokens - fill;
            return aligned >= minTokens ? aligned : tokens;
        }

        /** The prediction for a prompt of {@code tokens}. */
        public Prediction predict(int tokens) {
            double serviceMs = serviceMs(tokens);
            SchedulerTwin.Forecast fc = forecaster.forecast(tokens, serviceMs);
            double waitMs = Math.max(0, fc.firstStepNanos() - now) / 1e6;
            double spanMs = Math.max(0, fc.completionNanos() - fc.firstStepNanos()) / 1e6;
            double worst = 0;
            double counted = 0;
            if (fc.freeTokens() > 0 && fc.lastStepNanos() > now && chunkTokens > 0) {
                worst = fc.freeTokens() * serviceMs(chunkTokens) / chunkTokens;
                // Counted only when an arrival before that step is likelier than the quantile allows.
                double pArrival = 1 - Math.exp(-rate * (fc.lastStepNanos() - now) / 1e9);
                counted = pArrival <= 1 - q ? 0 : worst;
            }
            return new Prediction(serviceMs, waitMs, spanMs, worst, counted, marginMs);
        }

        private boolean fits(int tokens, double budgetMs) {
            return (forecaster.forecast(tokens, serviceMs(tokens)).completionNanos() - now) / 1e6 <= budgetMs;
        }
    }

    /**
     * A prediction for one prompt.
     *
     * @param serviceMs         its own service time
     * @param waitMs            until its first prefill step starts
     * @param spanMs            from then to its first token, if nobody joins its last step
     * @param worstExposureMs   what later arrivals could add by filling its last step
     * @param countedExposureMs the part of that counted at the quantile
     * @param marginMs          the error margin at the quantile
     */
    public record Prediction(double serviceMs, double waitMs, double spanMs, double worstExposureMs,
                             double countedExposureMs, double marginMs) {
        public double quantileMs() {
            return waitMs + spanMs + countedExposureMs + marginMs;
        }
    }
}
