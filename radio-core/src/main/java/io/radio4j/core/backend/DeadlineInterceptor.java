package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives every call one deadline and keeps it. A request that carries its own
 * {@link InferRequest#deadline()} (an encoder stamps the time left of its caller's deadline) keeps
 * it; one that carries none gets this interceptor's default. The request goes on with that deadline
 * on it, so the backend enforces it too ({@link TritonBackend} as the gRPC deadline,
 * {@link OnnxBackend} in its request queue), and interceptors further in (a retry) stay within it.
 *
 * <p>Should the answer still be missing when the deadline passes (a backend that ignores
 * deadlines), the call fails here with {@link BackendException.Reason#DEADLINE_EXCEEDED}, the
 * same reason the backend gives for the same deadline, so which notices first does not matter; the
 * chain then cancels the running attempt.
 *
 * <p>Thread-safe and stateless beyond its default.
 */
public final class DeadlineInterceptor implements BackendInterceptor {

    private final Duration defaultDeadline;

    private DeadlineInterceptor(Duration defaultDeadline) {
        this.defaultDeadline = defaultDeadline;
    }

    /**
     * @param defaultDeadline the deadline of calls whose request sets none
     * @throws IllegalArgumentException unless positive
     */
    public static DeadlineInterceptor of(Duration defaultDeadline) {
        if (defaultDeadline == null || defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("default deadline must be positive, got " + defaultDeadline);
        }
        return new DeadlineInterceptor(defaultDeadline);
    }

    /** The deadline of calls whose request sets none. */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    @Override
    public CompletableFuture<InferResult> intercept(Chain chain) {
        InferRequest request = chain.request();
        Duration deadline = request.deadline();
        if (deadline == null) {
            deadline = defaultDeadline;
            request = request.toBuilder().deadline(deadline).build();
        }
        Duration budget = deadline;
        CompletableFuture<InferResult> answer = new CompletableFuture<>();
        chain.proceed(request).whenComplete((result, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(result);
            }
        });
        // orTimeout on a future of our own, never on the backend's: completing the backend's future
        // would stop the chain from cancelling it (and with it the gRPC call).
        return answer.orTimeout(budget.toNanos(), TimeUnit.NANOSECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new BackendException(
                        BackendException.Reason.DEADLINE_EXCEEDED,
                        "model '" + chain.request().modelName() + "' did not answer within the call's deadline of "
                                + budget.toMillis() + " ms",
                        cause));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public String toString() {
        return "DeadlineInterceptor[default=" + defaultDeadline + "]";
    }
}
