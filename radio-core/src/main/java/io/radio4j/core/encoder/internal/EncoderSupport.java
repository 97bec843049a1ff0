package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.ImageInput;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/** Defaults and helpers the encoders share. */
public final class EncoderSupport {

    /** Default of every encoder's {@code maxItemsPerCall}. */
    public static final int DEFAULT_MAX_ITEMS_PER_CALL = 1024;
    /**
     * Default of every encoder's {@code timeout}: the deadline of one encoder call, counted from the
     * call's start. Each backend request of the call carries what is left of it (see
     * {@link CallDeadline}); when it passes, the call fails with DEADLINE_EXCEEDED and its requests
     * are cancelled.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private EncoderSupport() {}

    /**
     * A caller's data argument, refused with a typed error rather than a NullPointerException.
     *
     * @throws RadioInputException naming the argument when it is null
     */
    public static <T> T requireInput(T value, String name) {
        if (value == null) {
            throw new RadioInputException(name + " is null");
        }
        return value;
    }

    public static ImagePreprocessor preprocessorOrDefault(ImagePreprocessor preprocessor) {
        return preprocessor != null ? preprocessor : ImagePreprocessor.builder().build();
    }

    /**
     * The encoder's executor: the one given, else the caller's own thread. Never the JVM's shared
     * fork-join pool, whose few threads would be drained by every encoder of the process at once
     * (requests sent first could then be answered last); a server passes its own bounded pool.
     */
    public static Executor executorOrDefault(Executor executor) {
        return executor != null ? executor : Runnable::run;
    }

    public static InferenceBackend requireBackend(InferenceBackend backend) {
        return Objects.requireNonNull(backend, "backend(...) is required");
    }

    /**
     * The resize spec of an encoder: {@code height} × {@code width} when given, else the engine's
     * fixed size, else {@code defaultEdge} square.
     *
     * @throws IllegalArgumentException if CENTER_CROP or SNAP16 gets a non-square resolution
     * @throws RadioInputException if a fixed output size is not accepted by the model
     */
    public static ResizeSpec resizeSpec(
            ImageInput input, String model, Integer height, Integer width, ResizeMode mode, int defaultEdge) {
        if (mode == ResizeMode.SNAP16 && input.isFixed()) {
            // Every encoder refuses this at build time, with this one message: SNAP16 sizes follow
            // each image's aspect ratio, which a fixed-size engine cannot take.
            throw new RadioInputException("SNAP16 gives image-dependent sizes, but model '" + model + "' takes only "
                    + input.describe(RadioModels.PATCH_SIZE) + "; use SQUASH or CENTER_CROP");
        }
        int h = height != null ? height : input.isFixed() ? input.height() : defaultEdge;
        int w = width != null ? width : input.isFixed() ? input.width() : defaultEdge;
        ResizeSpec spec = switch (mode) {
            case SQUASH -> ResizeSpec.squash(h, w);
            case CENTER_CROP -> ResizeSpec.centerCrop(requireSquare(h, w, mode));
            case SNAP16 -> ResizeSpec.snap16(requireSquare(h, w, mode));
        };
        if (spec.hasFixedOutputSize() && !input.accepts(h, w, RadioModels.PATCH_SIZE)) {
            throw new RadioInputException("resolution " + h + "x" + w + " is not accepted by model '" + model
                    + "', which takes " + input.describe(RadioModels.PATCH_SIZE));
        }
        return spec;
    }

    private static int requireSquare(int h, int w, ResizeMode mode) {
        if (h != w) {
            throw new IllegalArgumentException(
                    mode + " takes one shortest-edge size; give resolution(s, s), got " + h + "x" + w);
        }
        return h;
    }

    /** A builder's {@code maxItemsPerCall}, refused below 1. */
    public static int requireMaxItems(int maxItemsPerCall) {
        if (maxItemsPerCall < 1) {
            throw new IllegalArgumentException("maxItemsPerCall must be >= 1, got " + maxItemsPerCall);
        }
        return maxItemsPerCall;
    }

    /** A builder's {@code timeout}, refused unless positive. */
    public static Duration requireTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    /** The batch size: the model's maximum unless a smaller positive one was configured. */
    public static int batchSize(Integer configured, int modelMax) {
        if (configured == null) {
            return modelMax;
        }
        if (configured < 1 || configured > modelMax) {
            throw new IllegalArgumentException(
                    "batchSize must be in 1.." + modelMax + " (the model's max_batch_size), got " + configured);
        }
        return configured;
    }

    /**
     * The floats of one output, after checking its shape is {@code [batch, dims...]}.
     *
     * @throws ModelContractException naming the model and shapes when it is not
     */
    public static float[] floats(InferResult result, String model, String name, long... expected) {
        InferOutput output;
        try {
            output = result.output(name);
        } catch (IllegalArgumentException e) {
            throw new ModelContractException("model '" + model + "' returned no output '" + name + "'", e);
        }
        if (!Arrays.equals(output.shape(), expected)) {
            throw new ModelContractException("model '" + model + "' returned output '" + name + "' with shape "
                    + Arrays.toString(output.shape()) + ", expected " + Arrays.toString(expected));
        }
        return output.asFloats();
    }

    /** Every row of a [n, width] array. */
    public static List<float[]> rows(float[] all, int n, int width) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(row(all, i, width));
        }
        return out;
    }

    /** Row {@code i} of a [batch, width] array. */
    public static float[] row(float[] all, int i, int width) {
        return Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }
}
