package io.radio4j.langchain;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelConfiguration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend whose inference calls fail with a chosen reason for the first {@code failures}
 * calls, then pass through; it records every request's batch size.
 */
final class FailingBackend implements InferenceBackend {

    private final InferenceBackend delegate;
    private final BackendException.Reason reason;
    private final AtomicInteger failuresLeft;
    final AtomicInteger calls = new AtomicInteger();
    final List<Long> batchSizes = new CopyOnWriteArrayList<>();

    FailingBackend(InferenceBackend delegate, BackendException.Reason reason, int failures) {
        this.delegate = delegate;
        this.reason = reason;
        this.failuresLeft = new AtomicInteger(failures);
    }

    static FailingBackend recording(InferenceBackend delegate) {
        return new FailingBackend(delegate, BackendException.Reason.INTERNAL, 0);
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return delegate.modelConfig(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        return delegate.modelMetadata(model);
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public boolean isModelReady(String model) {
        return delegate.isModelReady(model);
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        calls.incrementAndGet();
        batchSizes.add(request.inputs().getFirst().shape()[0]);
        if (failuresLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new BackendException(reason, "scripted failure of " + request.modelName()));
        }
        return delegate.infer(request);
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        return delegate.modelFile(model, fileName);
    }

    @Override
    public String description() {
        return "failing[" + delegate.description() + "]";
    }

    @Override
    public void close() {}
}
