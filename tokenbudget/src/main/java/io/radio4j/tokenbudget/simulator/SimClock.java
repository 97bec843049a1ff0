package io.radio4j.tokenbudget.simulator;

import java.util.function.LongSupplier;

/** Simulated time in nanoseconds; the controller reads it instead of the wall clock. Not thread-safe. */
public final class SimClock implements LongSupplier {

    private long nanos;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void set(long nanos) {
        if (nanos < this.nanos) {
            throw new IllegalStateException("simulated time cannot go back from " + this.nanos + " to " + nanos);
        }
        this.nanos = nanos;
    }
}
