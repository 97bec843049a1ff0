package io.radio4j.tokenbudget;

import java.util.List;

/**
 * Unloaded time to first token as a function of the prompt's total tokens (visual tokens of every
 * image plus text tokens): piecewise-linear through measured {@link ServicePoint}s, plus an optional
 * step of {@code perChunkMs} for every prefill chunk after the first.
 *
 * <p>The step models a server that prefills at most {@code prefillChunkTokens} tokens per scheduler
 * step (vLLM's {@code max_num_batched_tokens}, 8192 by default on an H100 OpenAI server): a prompt
 * one token over the budget needs a second step. Leave {@code perChunkMs} at 0 when the measured
 * points already contain that step. Below the first point the curve is flat; above the last it
 * continues with the last segment's slope.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points             measured points, at least one, strictly increasing in tokens and
 *                           non-decreasing in TTFT (copied)
 * @param prefillChunkTokens prefill tokens per scheduler step, or 0 for no step
 * @param perChunkMs         extra milliseconds per prefill chunk after the first, at least 0
 */
public record ServiceTimeCurve(List<ServicePoint> points, int prefillChunkTokens, double perChunkMs) {

    /** Largest prompt the inverse ({@link #maxTokensWithin}) searches. */
    static final int SEARCH_LIMIT_TOKENS = 1 << 22;

    /**
     * @throws ProfileException if there are no points, tokens are not strictly increasing, TTFT
     *                          falls as tokens grow, or a chunk parameter is negative
     */
    public ServiceTimeCurve {
        if (points == null || points.isEmpty()) {
            throw new ProfileException("the service-time curve has no points");
        }
        points = List.copyOf(points);
        for (int i = 1; i < points.size(); i++) {
            ServicePoint lo = points.get(i - 1);
            ServicePoint hi = points.get(i);
            if (hi.totalTokens() <= lo.totalTokens()) {
                throw new ProfileException("service points must be strictly increasing in tokens, got "
                        + lo.totalTokens() + " then " + hi.totalTokens());
            }
            if (hi.ttftMs() < lo.ttftMs()) {
                throw new ProfileException("TTFT must not decrease as tokens grow: " + lo.totalTokens() + " tokens → "
                        + lo.ttftMs() + " ms but " + hi.totalTokens() + " tokens → " + hi.ttftMs() + " ms");
            }
        }
        if (prefillChunkTokens < 0) {
            throw new ProfileException("prefillChunkTokens must be 0 (no step) or positive, got " + prefillChunkTokens);
        }
        if (!Double.isFinite(perChunkMs) || perChunkMs < 0) {
            throw new ProfileException("perChunkMs must be a finite number ≥ 0, got " + perChunkMs);
        }
    }

    /** Unloaded TTFT in milliseconds of a prompt with {@code totalTokens} tokens (at least 0). */
    public double serviceMs(int totalTokens) {
        double base = interpolate(Math.max(0, totalTokens));
        if (prefillChunkTokens > 0 && perChunkMs > 0 && totalTokens > prefillChunkTokens) {
            int extraChunks = (totalTokens - 1) / prefillChunkTokens;
            base += extraChunks * perChunkMs;
        }
        return base;
    }

    /**
     * The largest total token count whose unloaded TTFT is at most {@code ms}, or -1 if even an
     * empty prompt takes longer. Relies on the curve being non-decreasing.
     */
    public int maxTokensWithin(double ms) {
        if (!(serviceMs(0) <= ms)) {
            return -1;
        }
        int lo = 0;
        int hi = SEARCH_LIMIT_TOKENS;
        if (serviceMs(hi) <= ms) {
            return hi;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (serviceMs(mid) <= ms) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private double interpolate(int tokens) {
        ServicePoint first = points.getFirst();
        if (tokens <= first.totalTokens()) {
            return first.ttftMs();
        }
        for (int i = 1; i < points.size(); i++) {
            ServicePoint hi = points.get(i);
            if (tokens <= hi.totalTokens()) {
                ServicePoint lo = points.get(i - 1);
                double t = (tokens - lo.totalTokens()) / (double) (hi.totalTokens() - lo.totalTokens());
                return lo.ttftMs() + t * (hi.ttftMs() - lo.ttftMs());
            }
        }
        ServicePoint last = points.getLast();
        if (points.size() == 1) {
            return last.ttftMs();
        }
        ServicePoint before = points.get(points.size() - 2);
        double slope = (last.ttftMs() - before.ttftMs()) / (last.totalTokens() - before.totalTokens());
        return last.ttftMs() + slope * (tokens - last.totalTokens());
    }
}
