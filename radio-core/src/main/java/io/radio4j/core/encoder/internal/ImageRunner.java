package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.image.ImageFormat;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.model.ImageInput;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The image half of every image encoder: split a call into batches (see {@link Batches}),
 * preprocess each item (encoded bytes, or pixels already preprocessed), check its size against the
 * model's input, group items by output size (SNAP16 gives image-dependent sizes, and one tensor
 * needs one size), send each group as one request and hand back the results in input order.
 */
public final class ImageRunner {

    /** One preprocessed item: its UINT8 HWC pixels. */
    public record Prepared(int height, int width, ByteBuffer pixels) {

        private Object sizeKey() {
            return ((long) height << 32) | width;
        }
    }

    /** Sends one same-size group; the future holds one result per item, in group order. */
    public interface GroupCall<R> {
        CompletableFuture<List<R>> send(InferInput images, List<Prepared> group);
    }

    private final String model;
    private final ImagePreprocessor preprocessor;
    private final ResizeSpec spec;
    private final ImageInput input;
    private final Executor executor;
    private final int batchSize;
    private final int maxItems;
    private final Duration timeout;

    public ImageRunner(String model, ImagePreprocessor preprocessor, ResizeSpec spec, ImageInput input, Executor executor,
                       int batchSize, int maxItems, Duration timeout) {
        this.model = model;
        this.preprocessor = preprocessor;
        this.spec = spec;
        this.input = input;
        this.executor = executor;
        this.batchSize = batchSize;
        this.maxItems = maxItems;
        this.timeout = timeout;
    }

    public ResizeSpec spec() {
        return spec;
    }

    /**
     * A single-image call ({@code byte[]} or {@link PreprocessedImage}): its result, or its own
     * exception, not wrapped in a {@link io.radio4j.core.encoder.BatchException}.
     */
    public <R> R one(Object image, GroupCall<R> call) {
        EncoderSupport.requireInput(image, "image");
        return Batches.runOne(timeout, (from, to) -> chunk(List.of(image), from, to, call));
    }

    /** A list call, in batches of at most {@code batchSize}; see {@link Batches#run}. */
    public <R> List<R> all(List<?> images, GroupCall<R> call) {
        // A copy, so later changes to the caller's list cannot race with the batches.
        List<Object> items = new ArrayList<>(EncoderSupport.requireInput(images, "images"));
        return Batches.run(items.size(), batchSize, maxItems, timeout, (from, to) -> chunk(items, from, to, call));
    }

    /** A black image of the size the spec produces for a square source (S x S for CENTER_CROP and SNAP16). */
    public PreprocessedImage blank() {
        return PreprocessedImage.ofPixels(spec.height(), spec.width(), new byte[spec.height() * spec.width() * 3],
                ImageFormat.PNG, SpeedMode.EXACT);
    }

    /** Preprocesses items {@code from..to} of {@code images} on the executor, then sends them. */
    private <R> CompletableFuture<List<Outcome<R>>> chunk(List<?> images, int from, int to, GroupCall<R> call) {
        return CompletableFuture.supplyAsync(() -> Batches.each(from, to, i -> prepare(images.get(i))), executor)
                .thenCompose(prepared -> Batches.sendPrepared(prepared, Prepared::sizeKey, group -> call.send(tensor(group), group)));
    }

    private Prepared prepare(Object image) {
        PreprocessedImage p = switch (image) {
            case null -> throw new RadioInputException("image is null");
            case byte[] encoded -> preprocessor.preprocess(encoded, spec);
            case PreprocessedImage already -> already;
            default -> throw new IllegalStateException("unexpected image type " + image.getClass());
        };
        if (!p.hasPixels()) {
            throw new RadioInputException("a PASSTHROUGH image has no pixels; model '" + model + "' needs decoded UINT8 pixels");
        }
        if (!input.accepts(p.height(), p.width(), RadioModels.PATCH_SIZE)) {
            throw new RadioInputException("image is " + p.height() + "x" + p.width() + " after preprocessing, but model '" + model
                    + "' accepts " + input.describe(RadioModels.PATCH_SIZE) + " (height x width)");
        }
        return new Prepared(p.height(), p.width(), p.pixelBuffer());
    }

    private InferInput tensor(List<Prepared> group) {
        if (input.isChw()) {
            return floatTensor(group);
        }
        Prepared first = group.getFirst();
        int itemBytes = first.height() * first.width() * 3;
        ByteBuffer batch = ByteBuffer.allocate(Math.multiplyExact(itemBytes, group.size()));
        for (Prepared p : group) {
            batch.put(p.pixels().duplicate().rewind());
        }
        return InferInput.ofUint8(input.name(), new long[] {group.size(), first.height(), first.width(), 3}, batch.flip());
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
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(plane * 3, type.byteSize()), group.size()))
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
