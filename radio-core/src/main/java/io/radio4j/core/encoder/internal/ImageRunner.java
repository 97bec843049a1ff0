package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.ImageFormat;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ImageSize;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.model.ImageInput;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.ModelConfiguration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The image half of every image encoder: split a call into batches (see {@link Batches}),
 * preprocess each item (encoded bytes, or pixels already preprocessed), check its size against the
 * model's input, group items by output size (SNAP16 gives image-dependent sizes, and one tensor
 * needs one size), send each group as one request and hand back the results in input order.
 *
 * <p>With a preprocessor whose default speed is {@link SpeedMode#PASSTHROUGH} and
 * {@link #withServerDecoding(InferenceBackend)}, encoded images are not decoded here: their header
 * and limits are checked, and they travel as BYTES ({@code image_bytes}, Triton's 4-byte
 * length-prefixed elements, several per request) to the {@code <model>_bytes} ensemble, which
 * decodes and resizes on the server. Items are grouped by the size the server will resize them to
 * (known from the header), so SNAP16 batches stay uniform.
 */
public final class ImageRunner {

    /**
     * One preprocessed item: its UINT8 HWC pixels, or for server-side decoding its encoded bytes
     * (then {@code pixels} is null and height × width is the size the server resizes it to).
     */
    public record Prepared(int height, int width, ByteBuffer pixels, byte[] encoded) {

        public Prepared(int height, int width, ByteBuffer pixels) {
            this(height, width, pixels, null);
        }

        private Object sizeKey() {
            return List.of(encoded != null, height, width);
        }
    }

    /** The BYTES input of a {@code <model>_bytes} ensemble. */
    public static final String IMAGE_BYTES = "image_bytes";

    /**
     * Sends one same-size group; the future holds one result per item, in group order. Requests go
     * through {@code deadline}'s {@link CallDeadline#infer}, so they carry the call's deadline.
     */
    public interface GroupCall<R> {
        CompletableFuture<List<R>> send(InferInput images, List<Prepared> group, CallDeadline deadline);
    }

    private final String model;
    private final ImagePreprocessor preprocessor;
    private final ResizeSpec spec;
    private final ImageInput input;
    private final Executor executor;
    private final int batchSize;
    private final int maxItems;
    private final Duration timeout;
    private final String bytesModel;

    public ImageRunner(
            String model,
            ImagePreprocessor preprocessor,
            ResizeSpec spec,
            ImageInput input,
            Executor executor,
            int batchSize,
            int maxItems,
            Duration timeout) {
        this.model = model;
        this.preprocessor = preprocessor;
        this.spec = spec;
        this.input = input;
        this.executor = executor;
        this.batchSize = batchSize;
        this.maxItems = maxItems;
        this.timeout = timeout;
        this.bytesModel = null;
    }

    private ImageRunner(ImageRunner base, String bytesModel, int batchSize) {
        this.model = base.model;
        this.preprocessor = base.preprocessor;
        this.spec = base.spec;
        this.input = base.input;
        this.executor = base.executor;
        this.batchSize = batchSize;
        this.maxItems = base.maxItems;
        this.timeout = base.timeout;
        this.bytesModel = bytesModel;
    }

    public ResizeSpec spec() {
        return spec;
    }

    /**
     * This runner, or when the preprocessor's default speed is PASSTHROUGH, one that sends encoded
     * images to the backend's {@code <model>_bytes} ensemble, after checking it exists, takes
     * BYTES {@value #IMAGE_BYTES} and resizes as this runner's spec says (its {@code resize_mode}
     * and {@code resize_hw} parameters, when it publishes them).
     *
     * @throws ModelContractException when the backend has no such ensemble, or it disagrees
     */
    public ImageRunner withServerDecoding(InferenceBackend backend) {
        if (preprocessor.defaultSpeed() != SpeedMode.PASSTHROUGH) {
            return this;
        }
        String name = io.radio4j.core.model.RadioModels.bytesModel(model);
        ModelConfiguration config;
        try {
            config = backend.modelConfig(name);
        } catch (BackendException e) {
            if (e.reason() != BackendException.Reason.MODEL_NOT_FOUND) {
                throw e;
            }
            throw new ModelContractException(
                    "speed mode PASSTHROUGH sends encoded images to model '" + name
                            + "' for decoding on the server, but " + backend.description() + " has no such model (the "
                            + model
                            + "_bytes ensemble of triton-model-repo); serve it, or decode on the client with EXACT or FAST",
                    e);
        }
        ModelConfiguration.Input bytes = config.inputs().stream()
                .filter(i -> i.name().equals(IMAGE_BYTES))
                .findFirst()
                .orElseThrow(() -> new ModelContractException(
                        "model '" + name + "' has no input '" + IMAGE_BYTES + "', so it cannot take encoded images"));
        if (bytes.dataType() != DataType.BYTES) {
            throw new ModelContractException(
                    "model '" + name + "' input '" + IMAGE_BYTES + "' is " + bytes.dataType() + ", not BYTES");
        }
        String mode = config.parameter("resize_mode");
        String hw = config.parameter("resize_hw");
        if (mode != null && hw != null) {
            String mine = spec.mode() + " " + spec.height() + "x" + spec.width();
            String theirs =
                    mode.trim().toUpperCase(Locale.ROOT) + " " + hw.trim().toLowerCase(Locale.ROOT);
            if (!mine.equals(theirs)) {
                throw new ModelContractException(
                        "model '" + name + "' resizes " + theirs + " on the server, but this encoder is set to " + mine
                                + "; configure the encoder the same way, or serve an ensemble built for " + mine);
            }
        }
        int cap = config.maxBatchSize() > 0 ? Math.min(batchSize, config.maxBatchSize()) : 1;
        return new ImageRunner(this, name, cap);
    }

    /** The model a group goes to: the {@code <model>_bytes} ensemble for encoded items, else the engine. */
    public String model(List<Prepared> group) {
        return group.getFirst().encoded() != null ? bytesModel : model;
    }

    /**
     * A single-image call ({@code byte[]} or {@link PreprocessedImage}): its result, or its own
     * exception, not wrapped in a {@link io.radio4j.core.encoder.BatchException}.
     */
    public <R> R one(Object image, GroupCall<R> call) {
        EncoderSupport.requireInput(image, "image");
        return Batches.runOne(timeout, (from, to, deadline) -> chunk(List.of(image), from, to, call, deadline));
    }

    /** A list call, in batches of at most {@code batchSize}; see {@link Batches#run}. */
    public <R> List<R> all(List<?> images, GroupCall<R> call) {
        // A copy, so later changes to the caller's list cannot race with the batches.
        List<Object> items = new ArrayList<>(EncoderSupport.requireInput(images, "images"));
        return Batches.run(
                items.size(),
                batchSize,
                maxItems,
                timeout,
                (from, to, deadline) -> chunk(items, from, to, call, deadline));
    }

    /** A black image of the size the spec produces for a square source (S x S for CENTER_CROP and SNAP16). */
    public PreprocessedImage blank() {
        return PreprocessedImage.ofPixels(
                spec.height(),
                spec.width(),
                new byte[spec.height() * spec.width() * 3],
                ImageFormat.PNG,
                SpeedMode.EXACT);
    }

    /** Preprocesses items {@code from..to} of {@code images} on the executor, then sends them. */
    private <R> CompletableFuture<List<Outcome<R>>> chunk(
            List<?> images, int from, int to, GroupCall<R> call, CallDeadline deadline) {
        return CompletableFuture.supplyAsync(() -> Batches.each(from, to, i -> prepare(images.get(i))), executor)
                .thenCompose(prepared -> Batches.sendPrepared(
                        prepared, Prepared::sizeKey, group -> call.send(tensor(group), group, deadline)));
    }

    private Prepared prepare(Object image) {
        PreprocessedImage p = switch (image) {
            case null -> throw new RadioInputException("image is null");
            case byte[] encoded -> preprocessor.preprocess(encoded, spec);
            case PreprocessedImage already -> already;
            default -> throw new IllegalStateException("unexpected image type " + image.getClass());
        };
        if (!p.hasPixels()) {
            if (bytesModel == null) {
                throw new RadioInputException(
                        "a PASSTHROUGH image has no pixels; model '" + model + "' needs decoded UINT8 pixels"
                                + " (build the encoder with a PASSTHROUGH preprocessor to send encoded images to '"
                                + model + "_bytes')");
            }
            ImageSize out = spec.outputSize(p.height(), p.width());
            if (!input.accepts(out.height(), out.width(), RadioModels.PATCH_SIZE)) {
                throw new RadioInputException(
                        "image will be " + out.height() + "x" + out.width() + " after preprocessing, but model '"
                                + model + "' accepts " + input.describe(RadioModels.PATCH_SIZE) + " (height x width)");
            }
            return new Prepared(out.height(), out.width(), null, p.encoded());
        }
        if (!input.accepts(p.height(), p.width(), RadioModels.PATCH_SIZE)) {
            throw new RadioInputException(
                    "image is " + p.height() + "x" + p.width() + " after preprocessing, but model '" + model
                            + "' accepts " + input.describe(RadioModels.PATCH_SIZE) + " (height x width)");
        }
        return new Prepared(p.height(), p.width(), p.pixelBuffer());
    }

    private InferInput tensor(List<Prepared> group) {
        if (group.getFirst().encoded() != null) {
            return InferInput.ofBytes(
                    IMAGE_BYTES,
                    new long[] {group.size(), 1},
                    group.stream().map(Prepared::encoded).toList());
        }
        if (input.isChw()) {
            return floatTensor(group);
        }
        Prepared first = group.getFirst();
        int itemBytes = first.height() * first.width() * 3;
        ByteBuffer batch = ByteBuffer.allocate(Math.multiplyExact(itemBytes, group.size()));
        for (Prepared p : group) {
            batch.put(p.pixels().duplicate().rewind());
        }
        return InferInput.ofUint8(
                input.name(), new long[] {group.size(), first.height(), first.width(), 3}, batch.flip());
    }

    /**
     * The [n, 3, H, W] tensor in [0, 1] of engines exported with a {@code pixel_values} input:
     * {@code (float) (v * (1.0 / 255))} per channel value, as numpy's {@code x / 255} cast to float32
     * (and rounded half-even to FP16, or truncated to BF16 as Triton's Python client does).
     */
    private InferInput floatTensor(List<Prepared> group) {
        Prepared first = group.getFirst();
        int h = first.height();
        int w = first.width();
        int plane = h * w;
        DataType type = input.dataType();
        ByteBuffer out = ByteBuffer.allocate(
                        Math.multiplyExact(Math.multiplyExact(plane * 3, type.byteSize()), group.size()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Prepared p : group) {
            ByteBuffer pixels = p.pixels().duplicate().rewind();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    float v = (float) ((pixels.get(i * 3 + c) & 0xFF) * (1.0 / 255));
                    switch (type) {
                        case FP32 -> out.putFloat(v);
                        case FP16 -> out.putShort(Float.floatToFloat16(v));
                        default -> out.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
                    }
                }
            }
        }
        return InferInput.ofRaw(input.name(), type, new long[] {group.size(), 3, h, w}, out.flip());
    }
}
