package io.radio4j.tokenbudget.vllmsim;

/**
 * One request inside the simulator. Mutable scheduler state; not thread-safe.
 */
public final class SimRequest {
    final long id;
    final double arrivalMs;
    final int images;
    final int promptTokens;
    final int outputTokens;
    int prefilled;
    int decoded;
    boolean encoded;
    double firstTokenMs = Double.NaN;
    double finishedMs = Double.NaN;

    SimRequest(long id, double arrivalMs, int images, int promptTokens, int outputTokens) {
        this.id = id;
        this.arrivalMs = arrivalMs;
        this.images = images;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
    }

    /** The request's id as given to {@link VllmLikeServer#submit}. */
    public long id() {
        return id;
    }

    /** Time to first token, ms (NaN until it has one). */
    public double ttftMs() {
        return firstTokenMs - arrivalMs;
    }

    /** When the first token reached the client, ms. */
    public double firstTokenMs() {
        return firstTokenMs;
    }
}
