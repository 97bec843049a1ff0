package io.radio4j.tokenbudget.simulator;

/** Chooses tokens per image for simulated requests: the controller, or a static baseline. */
public interface Policy {

    /** A short name for tables and plots. */
    String name();

    /**
     * Tokens per image for {@code request}, called at its arrival time; null to shed it.
     *
     * @param nowNanos simulated time
     */
    Assignment assign(SimRequest request, long nowNanos);

    /** Called at the simulated time the request's first token appears. */
    default void completed(Assignment assignment, double ttftMs) {}

    /** The policy's current tokens-per-image level, for plots; NaN if it has none. */
    default double level() {
        return Double.NaN;
    }

    /**
     * What a policy chose for one request.
     *
     * @param tokensPerImage tokens for each image
     * @param handle         anything the policy wants back in {@link #completed}
     */
    record Assignment(int[] tokensPerImage, Object handle) {
        public int totalVisual() {
            int s = 0;
            for (int k : tokensPerImage) {
                s += k;
            }
            return s;
        }
    }
}
