package io.radio4j.tokenbudget.internal;

import java.util.Arrays;

/**
 * The last {@code capacity} prediction errors (measured minus predicted TTFT), for empirical
 * quantiles. Fixed memory; the sorted copy is rebuilt lazily, at most once per change. Not
 * thread-safe: the controller guards it.
 */
public final class ResidualWindow {

    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int next;
    private boolean dirty;

    public ResidualWindow(int capacity) {
        ring = new double[capacity];
        sorted = new double[capacity];
    }

    public void add(double residual) {
        ring[next] = residual;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        dirty = true;
    }

    public int size() {
        return size;
    }

    /** The empirical {@code q}-quantile (nearest rank), or NaN when empty. */
    public double quantile(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        if (dirty) {
            System.arraycopy(ring, 0, sorted, 0, size);
            Arrays.sort(sorted, 0, size);
            dirty = false;
        }
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.clamp(rank, 0, size - 1)];
    }
}
