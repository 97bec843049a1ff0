package io.radio4j.tokenbudget.simulator;

import java.util.Arrays;

/** The baseline: the same k for every image of every request. */
public final class StaticPolicy implements Policy {

    private final int k;

    public StaticPolicy(int k) {
        this.k = k;
    }

    @Override
    public String name() {
        return "static-" + k;
    }

    @Override
    public Assignment assign(SimRequest request, long nowNanos) {
        int[] tokens = new int[request.images()];
        Arrays.fill(tokens, k);
        return new Assignment(tokens, null);
    }

    @Override
    public double level() {
        return k;
    }
}
