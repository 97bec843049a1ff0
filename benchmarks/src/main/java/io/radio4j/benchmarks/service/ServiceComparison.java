package io.radio4j.benchmarks.service;

import io.radio4j.benchmarks.loadgen.SweepPoint;
import java.util.Locale;
import java.util.Objects;

/**
 * The library and the service measured at the same concurrency, in the same run.
 *
 * @param concurrency the closed-loop concurrency of both measurements
 * @param library the in-process encoder
 * @param service the service over HTTP
 */
public record ServiceComparison(int concurrency, SweepPoint library, SweepPoint service) {

    /** @throws IllegalArgumentException if the concurrency is below 1 */
    public ServiceComparison {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(service, "service");
    }

    /** Service throughput over library throughput; NaN when the library completed nothing. */
    public double ratio() {
        return library.inferencesPerSecond() == 0
                ? Double.NaN
                : service.inferencesPerSecond() / library.inferencesPerSecond();
    }

    /** One log line. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "c=%d library %.1f/s p50 %.2f ms p99 %.2f ms errors %d | service %.1f/s p50 %.2f ms p99 %.2f ms errors %d%s | %.0f%%",
                concurrency,
                library.inferencesPerSecond(),
                library.p50() / 1e3,
                library.p99() / 1e3,
                library.errors(),
                service.inferencesPerSecond(),
                service.p50() / 1e3,
                service.p99() / 1e3,
                service.errors(),
                service.firstError().isEmpty() ? "" : " (first: " + service.firstError() + ")",
                100 * ratio());
    }
}
