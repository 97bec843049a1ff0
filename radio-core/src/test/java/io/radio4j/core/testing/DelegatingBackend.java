package io.radio4j.core.testing;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one fake backend of the tests, shared through radio-core's test-jar: passes everything to a
 * real backend and can, in addition,
 * <ul>
 *   <li>record every inference request, in the order they reached it ({@link #requests()}),</li>
 *   <li>fail the next inference calls with a chosen reason ({@link #failNext(int, BackendException.Reason)}),</li>
 *   <li>stop answering, like a paused process, until resumed ({@link #pause()}, {@link #resume()}).</li>
 * </ul>
 * Tests that change one answer subclass it and override that method. Thread-safe. Closing it closes
 * nothing: the target belongs to whoever made it.
 */
public class DelegatingBackend implements InferenceBackend {

    private final InferenceBackend target;
    private final List<InferRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile BackendException.Reason failureReason = BackendException.Reason.INTERNAL;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    public DelegatingBackend(InferenceBackend target) {
        this.target = target;
    }

    /** Fails the next {@code calls} inference calls (counted as they arrive) with {@code reason}. */
    public DelegatingBackend failNext(int calls, BackendException.Reason reason) {
        this.failureReason = reason;
        this.failuresLeft.set(calls);
        return this;
    }

    /** From now on every call waits (inference without blocking its caller) until {@link #resume()}. */
    public synchronized void pause() {
        if (gate.isDone()) {
            gate = new CompletableFuture<>();
        }
    }

    /** Lets waiting and later calls through. */
    public synchronized void resume() {
        gate.complete(null);
    }

    /** Every inference request received so far, failed ones included, in arrival order (a live view). */
    public List<InferRequest> requests() {
        return requests;
    }

    /** The batch size (first dimension of the first input) of each request in {@link #requests()}. */
    public List<Long> batchSizes() {
        return requests.stream().map(r -> r.inputs().getFirst().shape()[0]).toList();
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        requests.add(request);
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(
                    new BackendException(failureReason, "scripted failure of " + request.modelName()));
        }
        return gate.thenCompose(open -> target.infer(request));
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        gate.join();
        return target.modelConfig(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        gate.join();
        return target.modelMetadata(model);
    }

    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        gate.join();
        return target.modelStatistics(model);
    }

    @Override
    public boolean isReady() {
        gate.join();
        return target.isReady();
    }

    @Override
    public boolean isModelReady(String model) {
        gate.join();
        return target.isModelReady(model);
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        return target.modelFile(model, fileName);
    }

    @Override
    public String description() {
        return "delegating to " + target.description();
    }

    @Override
    public void close() {
        // The target belongs to whoever made it.
    }
}
