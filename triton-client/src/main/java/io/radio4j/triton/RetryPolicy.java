package io.radio4j.triton;

import java.time.Duration;

/**
 * How the client retries calls that failed with UNAVAILABLE, and only those: never
 * INVALID_ARGUMENT, NOT_FOUND or a passed deadline.
 *
 * <p>Carried out by grpc-java's own retry support (a service config given to the channel): attempt
 * n waits a random time in {@code [0, min(initialBackoff × multiplier^(n-1), maxBackoff)]}, so the
 * backoff is capped, exponential and jittered. Only idempotent calls are retried: health, metadata,
 * config, statistics and repository index; inference only when {@link #retryInference()} is set,
 * because a sequence (stateful) model must not see a request twice. Streams and model load/unload
 * are never retried. gRPC keeps at most 1 MiB of a request for replay, so a larger inference
 * request is not retried (source: grpc-java {@code ManagedChannelBuilder.perRpcBufferLimit}).
 *
 * @param maxAttempts total attempts including the first, 1..5 (gRPC caps it at 5); 1 disables retry
 * @param initialBackoff upper bound of the first wait
 * @param maxBackoff cap of the wait
 * @param multiplier growth of the bound per attempt, &gt;= 1
 * @param retryInference whether {@code ModelInfer} is retried too
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier, boolean retryInference) {

    /** 3 attempts, 100 ms initial, 2 s cap, ×2, inference not retried. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, false);

    /** No retries. */
    public static final RetryPolicy NONE =
            new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(100), 1.0, false);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a value is out of the ranges above
     */
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 5) {
            throw new IllegalArgumentException("maxAttempts must be within 1..5, got " + maxAttempts);
        }
        if (initialBackoff == null
                || initialBackoff.isNegative()
                || initialBackoff.isZero()
                || maxBackoff == null
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 < initialBackoff <= maxBackoff, got "
                    + initialBackoff + ", " + maxBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
    }
}
