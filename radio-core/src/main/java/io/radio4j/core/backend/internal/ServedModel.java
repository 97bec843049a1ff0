package io.radio4j.core.backend.internal;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.ModelConfig;

/**
 * One model the embedded backend serves: an ONNX graph ({@link OnnxModel}), radio4j's image
 * preprocessing ({@link PreprocessModel}) or an ensemble of other models ({@link EnsembleModel}).
 * Implementations are thread-safe.
 */
public sealed interface ServedModel extends AutoCloseable permits OnnxModel, PreprocessModel, EnsembleModel {

    String name();

    String version();

    /** The Triton configuration the model was loaded from. */
    ModelConfig config();

    /** The platform reported in the model's metadata, e.g. {@code onnxruntime_onnx} or {@code ensemble}. */
    String platform();

    /**
     * Checks a request as Triton's core does before it runs.
     *
     * @throws io.radio4j.core.backend.BackendException INVALID_REQUEST with Triton's wording
     */
    void validate(InferRequest request);

    /**
     * Validates and runs a request on the calling thread.
     *
     * @param acceptedNanos {@link System#nanoTime()} when the backend accepted the request
     * @throws io.radio4j.core.backend.BackendException INVALID_REQUEST for a bad request, INTERNAL on failure
     */
    InferResult run(InferRequest request, long acceptedNanos);

    /** Cumulative statistics in Triton's shape. */
    ModelStatistics statistics();

    @Override
    void close();
}
