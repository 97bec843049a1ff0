package io.radio4j.triton;

/**
 * The sending side of an open inference stream; responses go to the {@link InferStreamListener}
 * given when it was opened. Thread-safe: {@link #send} may be called from several threads.
 *
 * <p>Closing half-closes the stream: no more requests, responses still arrive, then
 * {@link InferStreamListener#onCompleted()}. {@link #cancel()} ends it at once.
 */
public interface InferStream extends AutoCloseable {

    /**
     * Queues one request on the stream (requests may name different models).
     *
     * @throws IllegalStateException if the stream was closed or cancelled
     * @throws TritonException RESOURCE_EXHAUSTED (client side) if the request exceeds the client's
     *     outbound message limit
     */
    void send(InferRequest request);

    /** Half-closes: no more requests. Idempotent. */
    @Override
    void close();

    /** Cancels the stream; the listener gets {@link InferStreamListener#onFailure} with CANCELLED. */
    void cancel();
}
