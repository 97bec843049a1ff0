package io.radio4j.benchmarks.loadgen;

import java.util.concurrent.CompletableFuture;

/**
 * Something the load generator sends requests to: a KServe v2 model or a REST endpoint.
 *
 * <p>Implementations must be thread-safe: {@link #send()} is called from many threads at once.
 */
public interface LoadTarget extends AutoCloseable {

    /**
     * Starts one request and returns without waiting. The future completes normally on success and
     * exceptionally on any failure (transport error, error status, timeout).
     */
    CompletableFuture<?> send();

    /** How many inferences one request carries (its batch size), for Inferences/Second. */
    int inferencesPerRequest();

    /** One line naming the endpoint and the request, for reports. */
    String description();

    /** Releases what the target owns (clients, servers it started). */
    @Override
    void close();
}
