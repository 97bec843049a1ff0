package io.radio4j.tokenbudget.internal;

import java.util.Arrays;

/**
 * The safety margin: a quantile of recent prediction errors (measured − predicted TTFT), counting
 * only errors younger than a time window, so that the margin decays back to its initial value when
 * no new errors arrive (for instance while every request is shed). Bounded by the caller. Keeps at
 * most {@code capacity} errors. Not thread-safe.
 */
public final class DecayingMargin {

    /** Fewest errors in the window for their quantile to be used. */
    public static final int MIN_ERRORS = 16;

    private final long[] at;
    private final double[] error;
    private final long windowNanos;
    private final double[] scratch;
    private int next;
    private int size;
    // cache of the last quantile asked for
    private double cachedQ = Double.NaN;
    private double cachedValue;
    private long cachedUntil;
    private boolean dirty = true;

    public DecayingMargin(int capacity, long windowNanos) {
        this.at = new long[capacity];
        this.error = new double[capacity];
        this.scratch = new double[capacity];
        this.windowNanos = windowNanos;
    }

    public void add(long nowNanos, double errorMs) {
        at[next] = nowNanos;
        error[next] = errorMs;
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
        dirty = true;
    }

    /** Errors inside the window at {@code nowNanos}. */
    public int count(long nowNanos) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] < windowNanos) {
                n++;
            }
        }
        return n;
    }

    /**
     * The {@code q} quantile of the errors inside the window, or NaN with fewer than
     * {@value #MIN_ERRORS} of them. Cached until a new error arrives or the oldest counted one leaves.
     */
    public double quantile(double q, long nowNanos) {
        if (!dirty && q == cachedQ && nowNanos < cachedUntil) {
            return cachedValue;
        }
        int n = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] < windowNanos) {
                scratch[n++] = error[i];
                oldest = Math.min(oldest, at[i]);
            }
        }
        double value;
        if (n < MIN_ERRORS) {
            value = Double.NaN;
            cachedUntil = Long.MAX_VALUE;
        } else {
            Arrays.sort(scratch, 0, n);
            value = scratch[Math.min(n - 1, (int) Math.ceil(q * n) - 1)];
            cachedUntil = oldest + windowNanos;
        }
        cachedQ = q;
        cachedValue = value;
        dirty = false;
        return value;
    }
}
