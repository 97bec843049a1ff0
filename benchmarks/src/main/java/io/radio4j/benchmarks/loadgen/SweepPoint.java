package io.radio4j.benchmarks.loadgen;

import java.util.Objects;

/**
 * The measurement of one sweep level, in perf_analyzer's terms: latencies in microseconds,
 * throughput in inferences (requests × batch) per second.
 *
 * @param mode closed (concurrency) or open (request rate) loop
 * @param level the concurrency, or the request rate per second
 * @param requests measured requests that succeeded
 * @param errors measured requests that failed, timed out or were not sent (open loop, saturated)
 * @param inferencesPerSecond successful inferences per second over the measured phase
 * @param p50 median latency, µs
 * @param p90 90th percentile, µs
 * @param p95 95th percentile, µs
 * @param p99 99th percentile, µs
 * @param average mean latency, µs
 * @param firstError the first failure's message, or empty
 */
public record SweepPoint(
        LoadMode mode,
        double level,
        long requests,
        long errors,
        double inferencesPerSecond,
        long p50,
        long p90,
        long p95,
        long p99,
        long average,
        String firstError) {

    /** @throws IllegalArgumentException if a count or latency is negative, or percentiles are out of order */
    public SweepPoint {
        Objects.requireNonNull(mode, "mode");
        firstError = firstError == null ? "" : firstError;
        if (level <= 0 || requests < 0 || errors < 0 || inferencesPerSecond < 0 || average < 0) {
            throw new IllegalArgumentException("negative or zero measurement in " + mode + " level " + level);
        }
        if (p50 < 0 || p50 > p90 || p90 > p95 || p95 > p99) {
            throw new IllegalArgumentException(
                    "percentiles out of order: " + p50 + ", " + p90 + ", " + p95 + ", " + p99);
        }
    }
}
