package io.radio4j.core.encoder;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.internal.EncoderSupport;
import io.radio4j.core.encoder.internal.ImageRunner;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.ImageInput;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An {@link EncoderBuilder}'s settings with every default applied, as the encoders read them.
 *
 * @param backend where inference runs
 * @param height configured input height, or null for the engine's or the default
 * @param width configured input width, or null likewise
 * @param resizeMode how images are resized
 * @param defaultResolution the encoder's edge for engines of variable size
 * @param preprocessor decoder and resizer
 * @param batchSize configured items per request, or null for the model's maximum
 * @param maxItemsPerCall longest list one call accepts
 * @param timeout longest wait for a call's answers
 * @param executor where images are decoded
 */
record EncoderOptions(
        InferenceBackend backend,
        Integer height,
        Integer width,
        ResizeMode resizeMode,
        int defaultResolution,
        ImagePreprocessor preprocessor,
        Integer batchSize,
        int maxItemsPerCall,
        Duration timeout,
        Executor executor) {

    EncoderOptions {
        backend = EncoderSupport.requireBackend(backend);
        Objects.requireNonNull(resizeMode, "resizeMode");
        Objects.requireNonNull(timeout, "timeout");
        preprocessor = EncoderSupport.preprocessorOrDefault(preprocessor);
        executor = EncoderSupport.executorOrDefault(executor);
    }

    /**
     * The batch size for one model: the configured one, refused above the model's maximum
     * ({@code capped} false), or lowered to it ({@code capped} true, for settings shared by two models).
     *
     * @throws IllegalArgumentException if not capped and above the maximum
     */
    int batchSize(int modelMax, boolean capped) {
        return capped && batchSize != null
                ? Math.min(batchSize, modelMax)
                : EncoderSupport.batchSize(batchSize, modelMax);
    }

    /**
     * The image side of an encoder for one model: the resize spec checked against the model's
     * input, decoded on {@link #executor()}, batched and bounded as configured.
     *
     * @throws io.radio4j.core.RadioInputException if the resolution is not accepted by the model
     * @throws IllegalArgumentException if a square mode gets a non-square resolution, or the batch size is refused
     */
    ImageRunner imageRunner(String model, ImageInput input, int modelMaxBatch, boolean cappedBatch) {
        ResizeSpec spec = EncoderSupport.resizeSpec(input, model, height, width, resizeMode, defaultResolution);
        return new ImageRunner(
                        model,
                        preprocessor,
                        spec,
                        input,
                        executor,
                        batchSize(modelMaxBatch, cappedBatch),
                        maxItemsPerCall,
                        timeout)
                .withServerDecoding(backend);
    }
}
