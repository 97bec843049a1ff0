package io.radio4j.core.backend;

import io.radio4j.triton.InferResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets at most {@code maxInFlight} calls through at once; one more fails at once with
 * {@link BackendException.Reason#RESOURCE_EXHAUSTED} (HTTP 429 at the service) instead of queueing
 * without bound, so an overloaded backend is not buried under work nobody waits for. A permit is
 * held until the answer (or failure, or cancellation) comes. Placed inside a
 * {@link RetryInterceptor}, it limits attempts; outside, whole calls. Thread-safe.
 */
public final class ConcurrencyLimitInterceptor implements BackendInterceptor {

    private final int maxInFlight;
    private final Semaphore permits;

    private ConcurrencyLimitInterceptor(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    /**
     * @param maxInFlight most calls running at once
     * @throws IllegalArgumentException if below 1
     */
    public static ConcurrencyLimitInterceptor of(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
        }
        return new ConcurrencyLimitInterceptor(maxInFlight);
    }

    /** Calls running now. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    @Override
    public CompletableFuture<InferResult> intercept(Chain chain) {
        if (!permits.tryAcquire()) {
            return CompletableFuture.failedFuture(new BackendException(
                    BackendException.Reason.RESOURCE_EXHAUSTED,
                    "more than " + maxInFlight + " calls in flight to " + chain.backendDescription()
                            + "; retry later"));
        }
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<InferResult> answer = chain.proceed(chain.request());
        answer.whenComplete((result, error) -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
        return answer;
    }

    @Override
    public String toString() {
        return "ConcurrencyLimitInterceptor[maxInFlight=" + maxInFlight + "]";
    }
}
