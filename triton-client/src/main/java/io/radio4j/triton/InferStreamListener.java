package io.radio4j.triton;

/**
 * Receives the responses of a bidirectional inference stream ({@code ModelStreamInfer}).
 *
 * <p>Callbacks come from gRPC's executor threads, one at a time and in arrival order, which may
 * differ from request order (match them by request id). They must not block for long. Exactly one of
 * {@link #onCompleted()} and {@link #onFailure(TritonException)} ends the stream.
 */
public interface InferStreamListener {

    /** One response. A decoupled model may send several, or none, per request. */
    void onResult(InferResult result);

    /**
     * One request failed; the stream stays open (Triton reports these in {@code error_message}).
     * {@link TritonException#requestId()} names the request when the server says which. The
     * default does nothing.
     */
    default void onError(TritonException error) {}

    /** The server closed the stream normally after the client half-closed it. */
    default void onCompleted() {}

    /**
     * The stream ended abnormally: server gone, deadline passed, cancelled. Requests without a
     * response by then will not get one. The default does nothing.
     */
    default void onFailure(TritonException failure) {}
}
