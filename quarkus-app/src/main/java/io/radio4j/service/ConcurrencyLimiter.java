package io.radio4j.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds the requests doing inference at once to {@code radio4j.limits.max-concurrent-requests}
 * (default twice the cores). Requests are admitted when they arrive, before their body is read
 * ({@code internal.AdmissionFilter}); one that finds no permit waits in a first-come-first-served
 * queue of at most {@code radio4j.limits.max-queued-requests} for at most
 * {@code radio4j.limits.queue-wait}, then is refused with 429 and {@code Retry-After}, so overload
 * shows as quick refusals rather than an unbounded queue whose every request times out. Exposes
 * {@code radio4j_requests_in_flight} and {@code radio4j_requests_waiting} (the queue depth).
 * Thread-safe.
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

    private Permits permits;

    @PostConstruct
    void init() {
        int max = config.limits()
                .maxConcurrentRequests()
                .orElse(2 * Runtime.getRuntime().availableProcessors());
        if (max < 1) {
            throw new IllegalStateException("radio4j.limits.max-concurrent-requests must be >= 1, got " + max);
        }
        permits = new Permits(max, config.limits().maxQueuedRequests());
        Gauge.builder("radio4j_requests_in_flight", permits, Permits::inFlight)
                .description("inference requests holding a permit")
                .register(registry);
        Gauge.builder("radio4j_requests_waiting", permits, Permits::waiting)
                .description("inference requests waiting for a permit (queue depth)")
                .register(registry);
    }

    /** The permits themselves, for the admission filter. */
    public Permits permits() {
        return permits;
    }

    /** The number of permits. */
    public int max() {
        return permits.max();
    }

    /**
     * Takes a permit, waiting at most the configured queue wait.
     *
     * @throws ApiProblemException 429 when no permit became free in time
     */
    public void acquire() {
        CompletableFuture<Boolean> decision = new CompletableFuture<>();
        Permits.Ticket ticket = permits.request(decision::complete);
        boolean acquired;
        try {
            acquired = decision.get(config.limits().queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            acquired = !permits.cancel(ticket) && decision.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = !permits.cancel(ticket) && decision.join();
            if (acquired) {
                permits.release();
                acquired = false;
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!acquired) {
            throw busy();
        }
    }

    /** The 429 of a request that found no permit in time. */
    public ApiProblemException busy() {
        return new ApiProblemException(429, "Too many requests", busyDetail());
    }

    /** The detail of {@link #busy()}. */
    public String busyDetail() {
        return "the service is busy: " + permits.max()
                + " requests are already running (radio4j.limits.max-concurrent-requests); retry later";
    }

    /** Returns a permit taken by {@link #acquire()}. */
    public void release() {
        permits.release();
    }

    /** Permits free right now (for tests and health data). */
    public int available() {
        return permits.available();
    }
}
