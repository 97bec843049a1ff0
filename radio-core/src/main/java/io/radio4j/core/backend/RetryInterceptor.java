package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a call that failed with {@link BackendException.Reason#UNAVAILABLE}, and only those
 * (never an invalid request, an unknown model, a passed deadline or a resource limit), as gRPC's
 * own retry policy does: retry n waits a random time in {@code [0, min(initialBackoff ×
 * multiplier^(n-1), maxBackoff)]} (capped, exponential, jittered so that many callers do not come
 * back at once).
 *
 * <p>Never past the deadline: when the request carries one ({@link InferRequest#deadline()}), each
 * attempt is sent with the time that is left of it, and a retry whose wait would reach the deadline
 * is not made; the call then fails with the last UNAVAILABLE error. Place it inside a
 * {@link DeadlineInterceptor} so every call has a deadline.
 *
 * <p>Only for idempotent models: a sequence (stateful) model must not see a request twice.
 * Waits run on the JDK's shared delay scheduler, not on the caller's thread. Thread-safe.
 */
public final class RetryInterceptor implements BackendInterceptor {

    /** Default of {@link Builder#maxRetries(int)}: 2 retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default of {@link Builder#initialBackoff(Duration)}: 100 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Default of {@link Builder#maxBackoff(Duration)}: 2 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    /** Default of {@link Builder#multiplier(double)}: 2. */
    public static final double DEFAULT_MULTIPLIER = 2.0;

    private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

    /** Runs a task after a delay; a seam for tests, which run the task at once on a fake clock. */
    interface Scheduler {
        void schedule(Duration delay, Runnable task);
    }

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private final Scheduler scheduler;

    private RetryInterceptor(Builder b) {
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff.compareTo(b.initialBackoff) < 0 ? b.initialBackoff : b.maxBackoff;
        this.multiplier = b.multiplier;
        this.nanoClock = b.nanoClock;
        this.random = b.random;
        this.scheduler = b.scheduler;
    }

    /** A builder with the {@code DEFAULT_*} settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Retries after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    @Override
    public CompletableFuture<InferResult> intercept(Chain chain) {
        InferRequest request = chain.request();
        Long end = request.deadline() == null
                ? null
                : nanoClock.getAsLong() + request.deadline().toNanos();
        CompletableFuture<InferResult> answer = new CompletableFuture<>();
        attempt(chain, request, end, 0, answer);
        return answer;
    }

    private void attempt(
            Chain chain, InferRequest request, Long end, int retry, CompletableFuture<InferResult> answer) {
        if (answer.isDone()) {
            return;
        }
        InferRequest sent = request;
        if (end != null) {
            long left = end - nanoClock.getAsLong();
            if (left <= 0) {
                answer.completeExceptionally(new BackendException(
                        BackendException.Reason.DEADLINE_EXCEEDED,
                        "the deadline of model '" + request.modelName() + "' passed before attempt " + (retry + 1)));
                return;
            }
            sent = request.toBuilder().deadline(Duration.ofNanos(left)).build();
        }
        chain.proceed(sent).whenComplete((result, error) -> {
            if (error == null) {
                answer.complete(result);
                return;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof BackendException be && be.reason() == BackendException.Reason.UNAVAILABLE)
                    || retry >= maxRetries
                    || answer.isDone()) {
                answer.completeExceptionally(cause);
                return;
            }
            Duration wait = backoff(retry + 1);
            if (end != null && nanoClock.getAsLong() + wait.toNanos() >= end) {
                LOG.debug(
                        "not retrying model '{}': a wait of {} would pass the call's deadline",
                        request.modelName(),
                        wait);
                answer.completeExceptionally(cause);
                return;
            }
            LOG.debug(
                    "model '{}' unavailable, retry {} of {} in {}: {}",
                    request.modelName(),
                    retry + 1,
                    maxRetries,
                    wait,
                    cause.getMessage());
            scheduler.schedule(wait, () -> attempt(chain, request, end, retry + 1, answer));
        });
    }

    /** The jittered wait before retry {@code n} (1-based). */
    Duration backoff(int n) {
        double bound = initialBackoff.toNanos() * Math.pow(multiplier, n - 1);
        bound = Math.min(bound, maxBackoff.toNanos());
        return Duration.ofNanos((long) (random.getAsDouble() * bound));
    }

    @Override
    public String toString() {
        return "RetryInterceptor[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + "]";
    }

    private static void scheduleOnJdkTimer(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
        } else {
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
                    .execute(task);
        }
    }

    /** Builds a {@link RetryInterceptor}; each setting defaults to its {@code DEFAULT_*} constant. Not thread-safe. */
    public static final class Builder {
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double multiplier = DEFAULT_MULTIPLIER;
        private LongSupplier nanoClock = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Scheduler scheduler = RetryInterceptor::scheduleOnJdkTimer;

        private Builder() {}

        /** Retries after the first attempt, {@code >= 0} (0 turns retrying off). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Upper bound of the first wait, {@code >= 0}; zero retries at once. */
        public Builder initialBackoff(Duration initialBackoff) {
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Cap of the wait; raised to {@code initialBackoff} when below it. */
        public Builder maxBackoff(Duration maxBackoff) {
            if (maxBackoff == null || maxBackoff.isNegative()) {
                throw new IllegalArgumentException("maxBackoff must be >= 0, got " + maxBackoff);
            }
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Growth of the bound per retry, {@code >= 1}. */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** Test seam: the clock deadlines are measured on, and where waits run. */
        Builder clock(LongSupplier nanoClock, Scheduler scheduler) {
            this.nanoClock = nanoClock;
            this.scheduler = scheduler;
            return this;
        }

        /** Test seam: the source of jitter, values in [0, 1). */
        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        /** The interceptor. */
        public RetryInterceptor build() {
            return new RetryInterceptor(this);
        }
    }
}
