package io.radio4j.benchmarks.service;

import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one closed-loop run at one concurrency measured.
 *
 * @param concurrency callers that each had one call in flight at all times
 * @param elapsed length of the measured window (warm-up excluded)
 * @param latencies latency of every successful call completed in the window, in microseconds; copied
 * @param rejected calls refused on purpose by the target (HTTP 429/503), not counted as successes
 * @param failed calls that failed any other way
 */
public record LoadResult(int concurrency, Duration elapsed, Histogram latencies, long rejected, long failed) {

    public LoadResult {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
        latencies = Objects.requireNonNull(latencies, "latencies").copy();
        if (rejected < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /** Successful calls in the window. */
    public long completed() {
        return latencies.getTotalCount();
    }

    /** Successful calls per second. */
    public double throughput() {
        return completed() / (elapsed.toNanos() / 1e9);
    }

    /** Median latency in milliseconds, or NaN when nothing completed. */
    public double p50Millis() {
        return percentileMillis(50);
    }

    /** 99th-percentile latency in milliseconds, or NaN when nothing completed. */
    public double p99Millis() {
        return percentileMillis(99);
    }

    private double percentileMillis(double percentile) {
        return completed() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public Histogram latencies() {
        return latencies.copy();
    }
}
