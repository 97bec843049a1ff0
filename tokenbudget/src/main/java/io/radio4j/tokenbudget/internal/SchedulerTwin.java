package io.radio4j.tokenbudget.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The controller's model of the server's queue: a replica of an FCFS chunked-prefill scheduler
 * (each step prefills at most {@code stepTokens} prompt tokens, taken from the head of the queue;
 * requests arriving during a step wait for the next one; a request's first token appears when the
 * step holding its last prompt token ends), fed with the requests this controller admitted and the
 * service times it predicts for them.
 *
 * <p>It answers what a new request of T tokens would see: when its last step would end, and how
 * many tokens of that step later arrivals could still fill (they would delay it, since a step's
 * duration grows with its tokens). Observed completions shift its clock, so prediction errors do
 * not accumulate. Memory is bounded by {@code maxQueued} requests. Not thread-safe: the controller
 * guards it.
 */
public final class SchedulerTwin {

    private static final class Entry {
        final long sequence;
        final double msPerToken;
        int remaining;

        Entry(long sequence, int tokens, double msPerToken) {
            this.sequence = sequence;
            this.remaining = tokens;
            this.msPerToken = msPerToken;
        }
    }

    /**
     * What a new request would see.
     *
     * @param firstStepNanos when the step holding its first token starts
     * @param completionNanos when the step holding its last token ends, if no later arrival joins it
     * @param lastStepNanos  when that last step starts
     * @param freeTokens     tokens of its last step that later arrivals could still fill
     */
    public record Forecast(long firstStepNanos, long completionNanos, long lastStepNanos, int freeTokens) {}

    private final int stepTokens;
    private final int maxQueued;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private boolean busy;
    private long stepEndNanos;

    /**
     * @param stepTokens prefill tokens per step; 0 means no limit (every queued token in one step)
     * @param maxQueued  most requests tracked; beyond it {@link #isFull()} is true
     */
    public SchedulerTwin(int stepTokens, int maxQueued) {
        this.stepTokens = stepTokens <= 0 ? Integer.MAX_VALUE : stepTokens;
        this.maxQueued = maxQueued;
    }

    public boolean isFull() {
        return queue.size() >= maxQueued;
    }

    public int queued() {
        return queue.size();
    }

    /** Predicted time the server becomes idle, given what is queued. */
    public long idleAtNanos(long nowNanos) {
        advance(nowNanos);
        if (!busy) {
            return nowNanos;
        }
        State s = walkQueue(nowNanos);
        return s.fill > 0 ? s.time + (long) (s.cost * 1e6) : s.time;
    }

    /** Moves the twin's clock to {@code nowNanos}, ending and starting steps on the way. */
    public void advance(long nowNanos) {
        while (busy && stepEndNanos <= nowNanos) {
            while (!queue.isEmpty() && queue.peekFirst().remaining == 0) {
                queue.pollFirst();
            }
            if (queue.isEmpty()) {
                busy = false;
            } else {
                formStep(stepEndNanos);
            }
        }
    }

    /** Adds an admitted request of {@code tokens} tokens costing {@code serviceMs} in total. */
    public void add(long sequence, int tokens, double serviceMs, long nowNanos) {
        advance(nowNanos);
        int t = Math.max(1, tokens);
        queue.addLast(new Entry(sequence, t, serviceMs / t));
        if (!busy) {
            formStep(nowNanos);
        }
    }

    /** Shifts every pending step by {@code nanos} (an observed request ended that much later). */
    public void shift(long nanos) {
        if (busy) {
            stepEndNanos += nanos;
        }
    }

    /**
     * What a new request would see, as a function of its size.
     */
    public Forecaster forecaster(long nowNanos) {
        advance(nowNanos);
        return new Forecaster(walkQueue(nowNanos), stepTokens);
    }

    /** Where the queued tokens leave the next request: time, fill and cost of its first open step. */
    private record State(long time, int fill, double cost) {}

    private State walkQueue(long nowNanos) {
        long t = busy ? stepEndNanos : nowNanos;
        int fill = 0;
        double cost = 0;
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            int r = e.remaining;
            while (r > 0) {
                int take = Math.min(r, stepTokens - fill);
                cost += take * e.msPerToken;
                fill += take;
                r -= take;
                if (fill == stepTokens) {
                    t += (long) (cost * 1e6);
                    fill = 0;
                    cost = 0;
                }
            }
        }
        return new State(t, fill, cost);
    }

    private void formStep(long startNanos) {
        int budget = stepTokens;
        double ms = 0;
        for (Iterator<Entry> it = queue.iterator(); it.hasNext() && budget > 0; ) {
            Entry e = it.next();
            int take = Math.min(e.remaining, budget);
            ms += take * e.msPerToken;
            e.remaining -= take;
            budget -= take;
        }
        busy = true;
        stepEndNanos = startNanos + Math.max(1, (long) (ms * 1e6));
    }

    /** Evaluates candidate request sizes against one snapshot of the queue; cheap per call. */
    public static final class Forecaster {
        private final State state;
        private final int stepTokens;

        private Forecaster(State state, int stepTokens) {
            this.state = state;
            this.stepTokens = stepTokens;
        }

        /** Fill of the open step the next request joins (tokens already in it). */
        public int openFill() {
            return state.fill;
        }

        /**
         * @param tokens    the new request's prompt tokens
         * @param serviceMs its predicted total service time
         */
        public Forecast forecast(int tokens, double serviceMs) {
            int r = Math.max(1, tokens);
            double c = serviceMs / r;
            long t = state.time;
            int fill = state.fill;
            double cost = state.cost;
            long firstStep = t;
            int first = Math.min(r, stepTokens - fill);
            cost += first * c;
            fill += first;
            r -= first;
            long lastStart = t;
            if (fill == stepTokens) {
                t += (long) (cost * 1e6);
                fill = 0;
                cost = 0;
                lastStart = t;
            }
            if (r > 0) {
                int full = r / stepTokens;
                t += (long) (full * (double) stepTokens * c * 1e6);
                r -= full * stepTokens;
                lastStart = t;
                if (r > 0) {
                    cost = r * c;
                    fill = r;
                } else {
                    // Ended exactly on a boundary: the last step was the previous full one.
                    lastStart = t - (long) (stepTokens * c * 1e6);
                }
            }
            long completion = fill > 0 ? t + (long) (cost * 1e6) : t;
            int free = fill > 0 && stepTokens != Integer.MAX_VALUE ? stepTokens - fill : 0;
            return new Forecast(firstStep, completion, lastStart, free);
        }
    }
}
