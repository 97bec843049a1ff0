package io.radio4j.tokenbudget.internal;

import io.radio4j.tokenbudget.TtftParameters;

/**
 * The prefill work admitted but not yet done, kept as summed request features (requests, images,
 * tokens; steps are shared in a queue) rather than as a list, so that it costs O(1) per decision whatever
 * its length. Its time is the features times the engine parameters; it drains at one millisecond of
 * engine time per millisecond of wall time (FIFO, work-conserving), proportionally across its
 * features. Not thread-safe.
 */
public final class VirtualQueue {

    private final double[] q = new double[TtftParameters.SIZE];
    private long lastNanos;
    private boolean started;

    /** Drains the queue up to {@code nowNanos} with the engine parameters {@code e}. */
    public void drain(long nowNanos, OnlineEstimator e) {
        if (!started) {
            started = true;
            lastNanos = nowNanos;
            return;
        }
        double elapsedMs = (nowNanos - lastNanos) / 1e6;
        if (elapsedMs <= 0) {
            return;
        }
        lastNanos = nowNanos;
        double backlog = backlogMs(e);
        if (backlog <= elapsedMs) {
            java.util.Arrays.fill(q, 0);
        } else {
            double keep = 1 - elapsedMs / backlog;
            for (int i = 1; i < q.length; i++) {
                q[i] *= keep;
            }
        }
    }

    /** Engine time of the queued work, ms. */
    public double backlogMs(OnlineEstimator e) {
        double s = 0;
        for (int i = 1; i < q.length; i++) {
            s += q[i] * e.theta(i);
        }
        return Math.max(0, s);
    }

    /** Queued requests (fractional: partly done ones count in part). */
    public double requests() {
        return q[1];
    }

    /** Copies the queue's features into {@code out} (index 0, the latency, is 0). */
    public void features(double[] out) {
        System.arraycopy(q, 0, out, 0, q.length);
    }

    /** Adds an admitted request. */
    public void admit(int images, int tokens, int stepTokens) {
        q[1] += 1;
        q[2] += images;
        q[3] += tokens;
    }
}
