package io.radio4j.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests doing inference at once to {@code radio4j.limits.max-concurrent-requests}.
 * A request that finds no permit within {@code radio4j.limits.queue-wait} is refused with 429 and
 * {@code Retry-After}, so overload shows as quick refusals rather than an unbounded queue whose
 * every request times out. Exposes {@code radio4j_requests_in_flight} and
 * {@code radio4j_requests_waiting} (the queue depth). Thread-safe.
 */
// Created at start so its gauges exist before the first request: an autoscaler reading them from a
// fresh replica must find them (deploy/k8s/radio4j.yaml).
@Startup
@ApplicationScoped
public class ConcurrencyLimiter {

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    private Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    @PostConstruct
    void init() {
        int max = config.limits().maxConcurrentRequests();
        if (max < 1) {
            throw new IllegalStateException("radio4j.limits.max-concurrent-requests must be ≥ 1, got " + max);
        }
        permits = new Semaphore(max, true);
        Gauge.builder("radio4j_requests_in_flight", inFlight, AtomicInteger::get)
                .description("inference requests holding a permit").register(registry);
        Gauge.builder("radio4j_requests_waiting", waiting, AtomicInteger::get)
                .description("inference requests waiting for a permit (queue depth)").register(registry);
    }

    /**
     * Takes a permit, waiting at most the configured queue wait.
     *
     * @throws ApiProblemException 429 when no permit became free in time
     */
    public void acquire() {
        waiting.incrementAndGet();
        boolean acquired;
        try {
            acquired = permits.tryAcquire(config.limits().queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (!acquired) {
            throw new ApiProblemException(429, "Too many requests", "the service is busy: "
                    + config.limits().maxConcurrentRequests()
                    + " requests are already running (radio4j.limits.max-concurrent-requests); retry later");
        }
        inFlight.incrementAndGet();
    }

    /** Returns a permit taken by {@link #acquire()}. */
    public void release() {
        inFlight.decrementAndGet();
        permits.release();
    }

    /** Permits free right now (for tests and health data). */
    public int available() {
        return permits.availablePermits();
    }
}
