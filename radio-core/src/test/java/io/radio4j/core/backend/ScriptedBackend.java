package io.radio4j.core.backend;

import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A backend whose answers the test scripts, one per call (failures, or futures the test completes);
 * when the script runs out, calls get a future that never completes. Records requests and futures.
 */
final class ScriptedBackend implements InferenceBackend {

    final List<InferRequest> requests = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<InferResult>> answers = new CopyOnWriteArrayList<>();
    private final Deque<Supplier<CompletableFuture<InferResult>>> script = new ArrayDeque<>();
    Runnable onCall = () -> {};

    static InferRequest request() {
        return InferRequest.builder()
                .modelName("m")
                .input(InferInput.ofFloats("x", new long[] {2, 1}, new float[2]))
                .build();
    }

    synchronized ScriptedBackend failing(BackendException.Reason reason, int times) {
        for (int i = 0; i < times; i++) {
            script.add(() -> CompletableFuture.failedFuture(new BackendException(reason, "scripted " + reason)));
        }
        return this;
    }

    synchronized ScriptedBackend answering(InferResult result) {
        script.add(() -> CompletableFuture.completedFuture(result));
        return this;
    }

    int calls() {
        return requests.size();
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        requests.add(request);
        onCall.run();
        Supplier<CompletableFuture<InferResult>> next;
        synchronized (this) {
            next = script.poll();
        }
        CompletableFuture<InferResult> answer = next != null ? next.get() : new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return new ModelConfiguration(model, "", "", 0, List.of(), List.of(), null, null, List.of(), List.of(), "");
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        throw new BackendException(BackendException.Reason.MODEL_NOT_FOUND, model);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public boolean isModelReady(String model) {
        return "m".equals(model);
    }

    @Override
    public java.util.Optional<byte[]> modelFile(String model, String fileName) {
        return java.util.Optional.of(new byte[] {1});
    }

    @Override
    public String description() {
        return "scripted";
    }

    @Override
    public void close() {}
}
