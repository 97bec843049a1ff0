package io.radio4j.core.encoder;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.internal.EncoderSupport;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The settings every encoder builder has: where inference runs, how images are sized, how list
 * calls are batched and bounded. Each encoder's {@code Builder} extends it and adds its model
 * names. Fields are nullable: an unset setting, or one set to {@code null}, takes its default when
 * the encoder is built (the default is named in each setter's javadoc); an out-of-range value is
 * refused by the setter. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract sealed class EncoderBuilder<B extends EncoderBuilder<B>>
        permits SingleModelEncoderBuilder, RadioClipEncoder.Builder {

    /** Default of {@link #maxItemsPerCall(int)}: the longest list one call accepts. */
    public static final int DEFAULT_MAX_ITEMS_PER_CALL = EncoderSupport.DEFAULT_MAX_ITEMS_PER_CALL;
    /** Default of {@link #timeout(Duration)}: the longest wait for a call's answers (60 s). */
    public static final Duration DEFAULT_TIMEOUT = EncoderSupport.DEFAULT_TIMEOUT;

    private InferenceBackend backend;
    private Integer height;
    private Integer width;
    private ResizeMode resizeMode;
    private ImagePreprocessor preprocessor;
    private Integer batchSize;
    private Integer maxItemsPerCall;
    private Duration timeout;
    private Executor executor;

    EncoderBuilder() {}

    /** Required: where inference runs. Not closed by the encoder. */
    public B backend(InferenceBackend backend) {
        this.backend = backend;
        return self();
    }

    /**
     * Model input size: exactly {@code height} × {@code width} for SQUASH, the shortest edge
     * ({@code height == width}) for CENTER_CROP and SNAP16; multiples of 16. Default: the engine's
     * fixed size, else the encoder's {@code DEFAULT_RESOLUTION} square.
     */
    public B resolution(int height, int width) {
        this.height = height;
        this.width = width;
        return self();
    }

    /** How images are resized; default the encoder's {@code DEFAULT_RESIZE_MODE}. SNAP16 keeps the aspect ratio. */
    public B resizeMode(ResizeMode resizeMode) {
        this.resizeMode = resizeMode;
        return self();
    }

    /**
     * Decoder and resizer, and with them the image limits ({@code ImageLimits}) and the speed
     * mode; default {@code ImagePreprocessor.builder().build()} (exact mode, default limits).
     */
    public B preprocessor(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
        return self();
    }

    /**
     * Items per inference request, at least 1; default the model's {@code max_batch_size}. Above
     * that maximum, an encoder of one model refuses it at build, RADIO-CLIP caps it per tower.
     *
     * @throws IllegalArgumentException if below 1
     */
    public B batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return self();
    }

    /**
     * Longest list accepted by one call; default {@value #DEFAULT_MAX_ITEMS_PER_CALL}. A longer
     * one is refused with a {@code RadioInputException}.
     *
     * @throws IllegalArgumentException if below 1
     */
    public B maxItemsPerCall(int maxItemsPerCall) {
        this.maxItemsPerCall = EncoderSupport.requireMaxItems(maxItemsPerCall);
        return self();
    }

    /**
     * Longest wait for a call's answers; default {@link #DEFAULT_TIMEOUT}.
     *
     * @throws IllegalArgumentException if zero or negative
     */
    public B timeout(Duration timeout) {
        this.timeout = timeout == null ? null : EncoderSupport.requireTimeout(timeout);
        return self();
    }

    /**
     * Threads that decode and resize images (and tokenize texts); default the calling thread, one
     * item after another. A server should pass one bounded, first-come-first-served pool shared
     * by its encoders.
     */
    public B executor(Executor executor) {
        this.executor = executor;
        return self();
    }

    /** The settings with every default applied; the encoder's own defaults are given here. */
    final EncoderOptions options(ResizeMode defaultResizeMode, int defaultResolution) {
        return new EncoderOptions(
                backend,
                height,
                width,
                resizeMode == null ? defaultResizeMode : resizeMode,
                defaultResolution,
                preprocessor,
                batchSize,
                maxItemsPerCall == null ? DEFAULT_MAX_ITEMS_PER_CALL : maxItemsPerCall,
                timeout == null ? DEFAULT_TIMEOUT : timeout,
                executor);
    }

    @SuppressWarnings("unchecked") // sealed: every subclass is declared as EncoderBuilder<itself>
    private B self() {
        return (B) this;
    }
}
