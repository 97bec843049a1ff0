package io.radio4j.benchmarks.loadgen;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.TritonClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends prebuilt KServe v2 {@code ModelInfer} requests through radio4j's {@link TritonClient}, in
 * turn (like perf_analyzer's round-robin over input-data entries). Works against Triton and against
 * radio4j's embedded KServe server alike.
 *
 * <p>Thread-safe. Owns the client only if asked to ({@code ownsClient}), plus any extra resources
 * passed to {@link #closing(AutoCloseable...)}.
 */
public final class KServeTarget implements LoadTarget {

    private final TritonClient client;
    private final boolean ownsClient;
    private final List<InferRequest> requests;
    private final int batchSize;
    private final String endpoint;
    private final AtomicLong next = new AtomicLong();
    private final List<AutoCloseable> resources;

    /**
     * @param client the client to send with
     * @param ownsClient whether {@link #close()} closes the client
     * @param requests requests to send in turn, all of the same batch size
     * @param batchSize their batch size
     * @param endpoint the address, for reports
     * @throws IllegalArgumentException if there are no requests or the batch size is not positive
     */
    public KServeTarget(
            TritonClient client, boolean ownsClient, List<InferRequest> requests, int batchSize, String endpoint) {
        this(client, ownsClient, requests, batchSize, endpoint, List.of());
    }

    private KServeTarget(
            TritonClient client,
            boolean ownsClient,
            List<InferRequest> requests,
            int batchSize,
            String endpoint,
            List<AutoCloseable> resources) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.requests = List.copyOf(requests);
        if (this.requests.isEmpty()) {
            throw new IllegalArgumentException("no requests to send");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.resources = List.copyOf(resources);
    }

    /** The same target, also closing {@code more} (in order, after the client) when closed. */
    public KServeTarget closing(AutoCloseable... more) {
        List<AutoCloseable> all = new java.util.ArrayList<>(resources);
        all.addAll(List.of(more));
        return new KServeTarget(client, ownsClient, requests, batchSize, endpoint, all);
    }

    /** Reads the target model's statistics through this target's client. */
    public ServerStatistics statistics() {
        return new ServerStatistics(client, requests.get(0).modelName());
    }

    @Override
    public CompletableFuture<?> send() {
        InferRequest request = requests.get((int) Math.floorMod(next.getAndIncrement(), (long) requests.size()));
        try {
            return client.inferAsync(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int inferencesPerRequest() {
        return batchSize;
    }

    @Override
    public String description() {
        return "KServe v2 gRPC " + endpoint + " model " + requests.get(0).modelName() + ", batch " + batchSize;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // Closing after a benchmark: nothing useful to do but carry on closing the rest.
            }
        }
    }
}
