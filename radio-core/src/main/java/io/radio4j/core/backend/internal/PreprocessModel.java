package io.radio4j.core.backend.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelSchema;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.protocol.ModelParameter;
import io.radio4j.triton.server.KServeCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * radio4j's {@link ImagePreprocessor} as a model of the embedded backend ({@code backend: "radio4j"}
 * in config.pbtxt): one BYTES input, one encoded image per batch item, and one UINT8 output of the
 * decoded, EXIF-oriented, resized RGB pixels (HWC). It is the preprocessing step of the
 * {@code <model>_bytes} ensembles, in the place a DALI pipeline takes on a GPU Triton.
 *
 * <p>Config parameters (all strings): {@code resize_mode} (SQUASH, CENTER_CROP, SNAP16) and
 * {@code resize_hw} ({@code "512x512"}; the shortest edge for CENTER_CROP and SNAP16), required;
 * {@code speed} (EXACT, FAST; default EXACT); {@code max_encoded_bytes}, {@code max_pixels},
 * {@code max_frames} (default {@link ImageLimits#DEFAULTS}), checked from each header before any
 * pixel is decoded. An image that cannot be decoded or breaks a limit fails the request with
 * INVALID_REQUEST (gRPC INVALID_ARGUMENT) naming the item and carrying the same
 * {@code REASON: detail} text as client-side decoding.
 */
public final class PreprocessModel implements ServedModel {

    /** The {@code backend} value of a preprocessing model's config.pbtxt. */
    public static final String BACKEND = "radio4j";

    private final String name;
    private final String version;
    private final ModelConfig config;
    private final ModelSchema schema;
    private final ResizeSpec spec;
    private final SpeedMode speed;
    private final ImagePreprocessor preprocessor;
    private final String inputName;
    private final String outputName;
    private final ModelStats stats = new ModelStats();

    /**
     * @param speedOverride the speed mode to use instead of the config's {@code speed}, or null
     * @throws BackendException {@link Reason#INVALID_MODEL} if the config is not a preprocessing model's
     */
    public PreprocessModel(String name, String version, ModelConfig config, SpeedMode speedOverride) {
        this.name = name;
        this.version = version;
        this.config = config;
        this.schema = RequestCheck.schema(config);
        if (config.getInputCount() != 1 || config.getOutputCount() != 1) {
            throw bad("needs exactly one input and one output, has " + config.getInputCount() + " and "
                    + config.getOutputCount());
        }
        ModelInput in = config.getInput(0);
        ModelOutput out = config.getOutput(0);
        if (KServeCodec.dataType(in.getDataType()) != DataType.BYTES
                || !in.getDimsList().equals(List.of(1L))) {
            throw bad("input '" + in.getName() + "' must be TYPE_STRING dims [ 1 ] (one encoded image per item)");
        }
        if (KServeCodec.dataType(out.getDataType()) != DataType.UINT8
                || out.getDimsCount() != 3
                || out.getDims(2) != 3) {
            throw bad("output '" + out.getName() + "' must be TYPE_UINT8 dims [ H, W, 3 ]");
        }
        if (config.getMaxBatchSize() < 1) {
            throw bad("needs max_batch_size >= 1");
        }
        this.inputName = in.getName();
        this.outputName = out.getName();
        Map<String, ModelParameter> params = config.getParametersMap();
        this.spec = spec(required(params, "resize_mode"), required(params, "resize_hw"));
        long h = out.getDims(0);
        long w = out.getDims(1);
        boolean fixed = spec.hasFixedOutputSize();
        if (fixed ? h != spec.height() || w != spec.width() : h != -1 || w != -1) {
            throw bad("output dims [ " + h + ", " + w + ", 3 ] disagree with " + spec.mode() + " " + spec.height() + "x"
                    + spec.width() + (fixed ? "" : " (image-dependent size: -1, -1)"));
        }
        this.speed = speedOverride != null ? speedOverride : speed(optional(params, "speed", "EXACT"));
        ImageLimits d = ImageLimits.DEFAULTS;
        ImageLimits limits = new ImageLimits(
                number(params, "max_encoded_bytes", d.maxImageBytes()),
                number(params, "max_pixels", d.maxPixels()),
                Math.toIntExact(number(params, "max_frames", d.maxFrames())));
        this.preprocessor =
                ImagePreprocessor.builder().limits(limits).speed(speed).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String platform() {
        return BACKEND;
    }

    /** The resize this model applies. */
    public ResizeSpec spec() {
        return spec;
    }

    /** The speed mode this model decodes with. */
    public SpeedMode speed() {
        return speed;
    }

    @Override
    public void validate(InferRequest request) {
        RequestCheck.validate(schema, request);
    }

    @Override
    public ModelStatistics statistics() {
        return stats.snapshot(name, version);
    }

    @Override
    public InferResult run(InferRequest request, long acceptedNanos) {
        long start = System.nanoTime();
        try {
            long batch = RequestCheck.validate(schema, request);
            List<byte[]> images = elements(request.inputs().stream()
                    .filter(i -> i.name().equals(inputName))
                    .findFirst()
                    .orElseThrow());
            long inputsReady = System.nanoTime();
            List<PreprocessedImage> done = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                try {
                    done.add(preprocessor.preprocess(images.get(i), spec, speed));
                } catch (ImageException e) {
                    throw RequestCheck.invalid("image " + i + " of the batch: " + e.getMessage());
                }
            }
            PreprocessedImage first = done.getFirst();
            for (int i = 1; i < done.size(); i++) {
                PreprocessedImage p = done.get(i);
                if (p.height() != first.height() || p.width() != first.width()) {
                    throw RequestCheck.invalid("images of one request must resize to one size, but image 0 gives "
                            + first.height() + "x" + first.width() + " and image " + i + " " + p.height() + "x"
                            + p.width()
                            + " (" + spec.mode() + "); send them in separate requests");
                }
            }
            int itemBytes = first.height() * first.width() * 3;
            ByteBuffer pixels = ByteBuffer.allocate(Math.multiplyExact(itemBytes, done.size()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            done.forEach(p -> pixels.put(p.pixelBuffer()));
            long inferred = System.nanoTime();
            InferOutput output = new InferOutput(
                    outputName,
                    DataType.UINT8,
                    new long[] {done.size(), first.height(), first.width(), 3},
                    pixels.flip(),
                    Map.of());
            stats.success(batch, acceptedNanos, start, inputsReady, inferred);
            return new InferResult(name, version, request.id(), Map.of(), List.of(output));
        } catch (RuntimeException e) {
            stats.failure(System.nanoTime() - acceptedNanos);
            throw e;
        }
    }

    /** The elements of a BYTES tensor: each a 4-byte little-endian length, then that many bytes. */
    private static List<byte[]> elements(InferInput input) {
        ByteBuffer data = input.data().order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (data.hasRemaining()) {
            long length = Integer.toUnsignedLong(data.getInt());
            byte[] element = new byte[(int) length];
            data.get(element);
            out.add(element);
        }
        return out;
    }

    private static ResizeSpec spec(String mode, String hw) {
        String[] parts = hw.toLowerCase(Locale.ROOT).split("x");
        try {
            int h = Integer.parseInt(parts[0].trim());
            int w = Integer.parseInt(parts[parts.length == 2 ? 1 : 0].trim());
            return new ResizeSpec(ResizeMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)), h, w);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "preprocessing parameters resize_mode '" + mode + "' / resize_hw '" + hw
                            + "' are not a resize (SQUASH|CENTER_CROP|SNAP16 and HxW): " + e.getMessage(),
                    e);
        }
    }

    private SpeedMode speed(String value) {
        SpeedMode mode;
        try {
            mode = SpeedMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("parameter speed must be EXACT or FAST, got '" + value + "'");
        }
        if (mode == SpeedMode.PASSTHROUGH) {
            throw bad("parameter speed must be EXACT or FAST: a preprocessing step has to decode");
        }
        return mode;
    }

    private String required(Map<String, ModelParameter> params, String key) {
        ModelParameter p = params.get(key);
        if (p == null || p.getStringValue().isBlank()) {
            throw bad("needs the parameter '" + key + "'");
        }
        return p.getStringValue();
    }

    private static String optional(Map<String, ModelParameter> params, String key, String fallback) {
        ModelParameter p = params.get(key);
        return p == null || p.getStringValue().isBlank() ? fallback : p.getStringValue();
    }

    private long number(Map<String, ModelParameter> params, String key, long fallback) {
        String value = optional(params, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n <= 0) {
                throw new NumberFormatException("not positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("parameter " + key + " must be a positive integer, got '" + value + "'");
        }
    }

    private BackendException bad(String message) {
        return new BackendException(Reason.INVALID_MODEL, "preprocessing model '" + name + "': " + message);
    }

    @Override
    public void close() {
        // Nothing to free: the preprocessor's working arrays are thread-local heap memory.
    }
}
