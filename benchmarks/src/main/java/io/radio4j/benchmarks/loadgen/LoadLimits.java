package io.radio4j.benchmarks.loadgen;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one sweep level, so a run ends in a known time whatever the endpoint does.
 *
 * @param requestsPerLevel measured requests per level (the level ends earlier if time runs out)
 * @param timePerLevel longest measured phase of one level
 * @param warmupRequests requests sent before measuring each level, not recorded
 * @param requestTimeout a request still running after this counts as an error and is cancelled
 * @param maxInFlight open loop only: requests due while this many are outstanding are not sent and
 *     count as errors (the endpoint is saturated), so memory stays bounded
 */
public record LoadLimits(
        long requestsPerLevel, Duration timePerLevel, long warmupRequests, Duration requestTimeout, int maxInFlight) {

    /** Default of {@link #requestsPerLevel()}. */
    public static final long DEFAULT_REQUESTS_PER_LEVEL = 2_000;
    /** Default of {@link #timePerLevel()}. */
    public static final Duration DEFAULT_TIME_PER_LEVEL = Duration.ofSeconds(10);
    /** Default of {@link #warmupRequests()}. */
    public static final long DEFAULT_WARMUP_REQUESTS = 20;
    /** Default of {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@link #maxInFlight()}. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_024;

    /** Every default. */
    public static final LoadLimits DEFAULTS = new LoadLimits(
            DEFAULT_REQUESTS_PER_LEVEL,
            DEFAULT_TIME_PER_LEVEL,
            DEFAULT_WARMUP_REQUESTS,
            DEFAULT_REQUEST_TIMEOUT,
            DEFAULT_MAX_IN_FLIGHT);

    /** @throws IllegalArgumentException if a count or duration is not positive (warm-up may be 0) */
    public LoadLimits {
        Objects.requireNonNull(timePerLevel, "timePerLevel");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestsPerLevel < 1) {
            throw new IllegalArgumentException("requestsPerLevel must be positive: " + requestsPerLevel);
        }
        if (warmupRequests < 0) {
            throw new IllegalArgumentException("warmupRequests must not be negative: " + warmupRequests);
        }
        if (timePerLevel.isNegative()
                || timePerLevel.isZero()
                || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timePerLevel and requestTimeout must be positive");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
    }
}
