package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.util.concurrent.CompletableFuture;

/**
 * One cross-cutting concern of an inference call (deadline, retry, concurrency limit, logging,
 * metrics), written once and applied by a {@link BackendChain} to every
 * {@link InferenceBackend#infer(InferRequest)} of the backend it wraps. Interceptors see inference
 * calls only; the chain forwards configuration, metadata, health and files to the backend itself.
 *
 * <p>An interceptor observes or changes the request, calls {@link Chain#proceed(InferRequest)} zero
 * or more times (a retry calls it again), and returns a future for the call's answer:
 *
 * <pre>{@code
 * BackendInterceptor timing = chain -> {
 *     long start = System.nanoTime();
 *     return chain.proceed(chain.request())
 *             .whenComplete((result, error) -> record(System.nanoTime() - start, error));
 * };
 * }</pre>
 *
 * <p>Contract: never throw (return a failed future instead; the chain turns a throw into one), fail
 * with a {@link BackendException}, and keep the request's {@link InferRequest#deadline() deadline}
 * or shorten it, never extend it. Cancellation need not be relayed by hand: when the caller cancels
 * the call, or the call ends while a backend attempt is still running, the chain cancels that
 * attempt itself (for Triton, the gRPC call). Implementations are shared by every call, so they
 * must be thread-safe.
 */
@FunctionalInterface
public interface BackendInterceptor {

    /**
     * Handles one call.
     *
     * @param chain the call's request and the rest of the chain
     * @return the answer, or a future failed with a {@link BackendException}
     */
    CompletableFuture<InferResult> intercept(Chain chain);

    /** The rest of the chain, as one interceptor sees it. Not shared between calls. */
    interface Chain {

        /**
         * The request as it reached this interceptor. Its {@link InferRequest#deadline()}, when set,
         * is the time left of the call's deadline at the moment it was stamped.
         */
        InferRequest request();

        /**
         * Passes {@code request} to the next interceptor, or to the backend after the last. May be
         * called again (a retry); each call is a new attempt.
         *
         * @return the next stage's answer; never throws, failures come as a failed future
         *     ({@link java.util.concurrent.CancellationException} once the caller cancelled)
         */
        CompletableFuture<InferResult> proceed(InferRequest request);

        /** The wrapped backend's {@link InferenceBackend#description()}, for logs. */
        String backendDescription();
    }
}
