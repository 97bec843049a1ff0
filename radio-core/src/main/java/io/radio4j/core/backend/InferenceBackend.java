package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where inference runs: a Triton server reached over gRPC ({@link TritonBackend}) or ONNX Runtime in
 * this process ({@link OnnxBackend}), behind one interface that speaks Triton's own value types. The
 * embedded backend behaves as "a Triton in a process": same model repository layout, same
 * {@code config.pbtxt} semantics (batch dimension, optional inputs, requested outputs), same
 * answers; {@link KServeServer} can even serve it over the KServe v2 protocol.
 *
 * <p>Implementations are thread-safe and meant to be shared: one per application, used by every
 * encoder. Close it when the application stops.
 */
public interface InferenceBackend extends AutoCloseable {

    /**
     * The model's configuration (max batch size, inputs, outputs, optional flags, parameters such as
     * {@code logit_scale}, dynamic batching, instance groups, ensemble steps).
     *
     * @throws BackendException {@link BackendException.Reason#MODEL_NOT_FOUND} for an unknown model,
     *     {@link BackendException.Reason#UNAVAILABLE} when the backend cannot be reached
     */
    ModelConfiguration modelConfig(String model);

    /**
     * The model's metadata: tensor names, datatypes and shapes, with a leading {@code -1} batch
     * dimension when the model batches.
     *
     * @throws BackendException as {@link #modelConfig(String)}
     */
    ModelMetadata modelMetadata(String model);

    /**
     * Cumulative inference statistics in the shape of Triton's statistics extension, for one model
     * or, with {@code ""}, for every model. Backends that keep none return an empty list (the
     * default).
     *
     * @throws BackendException {@link BackendException.Reason#MODEL_NOT_FOUND} for an unknown model
     */
    default List<ModelStatistics> modelStatistics(String model) {
        return List.of();
    }

    /** Whether the backend is live and ready to serve; never throws. */
    boolean isReady();

    /** Whether the named model is loaded and ready; false for an unknown model; never throws. */
    boolean isModelReady(String model);

    /**
     * Runs one request. The request's inputs carry the batch dimension when the model batches;
     * an empty output list asks for every output.
     *
     * @return a future completed with the result, or exceptionally with a {@link BackendException}
     *     (invalid request, unknown model, unavailable backend, runtime failure). The method itself
     *     does not throw for those.
     */
    CompletableFuture<InferResult> infer(InferRequest request);

    /**
     * A file stored beside a model's {@code config.pbtxt} (e.g. {@code tokenizer.json}), when this
     * backend can see the model repository; empty otherwise or when the file does not exist.
     *
     * @param model the model name
     * @param fileName a plain file name, no directories
     * @throws IllegalArgumentException if {@code fileName} contains a path separator or {@code ..}
     */
    default Optional<byte[]> modelFile(String model, String fileName) {
        return Optional.empty();
    }

    /** A short human-readable description for logs and health checks, e.g. {@code triton[host:8001]}. */
    String description();

    /** Releases sessions, channels and threads; calls after close fail with UNAVAILABLE. */
    @Override
    void close();
}
