package io.radio4j.core.testing;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelStatistics;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Passes everything to another backend; tests override what they change. Closing it closes nothing. */
public class DelegatingBackend implements InferenceBackend {

    private final InferenceBackend target;

    public DelegatingBackend(InferenceBackend target) {
        this.target = target;
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return target.modelConfig(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        return target.modelMetadata(model);
    }

    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        return target.modelStatistics(model);
    }

    @Override
    public boolean isReady() {
        return target.isReady();
    }

    @Override
    public boolean isModelReady(String model) {
        return target.isModelReady(model);
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        return target.infer(request);
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
