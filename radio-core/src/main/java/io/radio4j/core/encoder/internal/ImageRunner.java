package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.ImageInput;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The image half of every image encoder: preprocess each item of a batch (encoded bytes, or
 * pixels already preprocessed), check its size against the model's input, group items by output
 * size (SNAP16 gives image-dependent sizes, and one tensor needs one size), send each group as one
 * request and hand back one outcome per item.
 */
public final class ImageRunner {

    /** One preprocessed item: its index in the call and its UINT8 HWC pixels. */
    public record Prepared(int index, int height, int width, ByteBuffer pixels) {}

    /** Sends one same-size group; the future holds one result per item, in group order. */
    public interface GroupCall<R> {
        CompletableFuture<List<R>> send(InferInput images, List<Prepared> group);
    }

    private final String model;
    private final ImagePreprocessor preprocessor;
    private final ResizeSpec spec;
    private final ImageInput input;
    private final int step;
    private final Executor executor;

    public ImageRunner(String model, ImagePreprocessor preprocessor, ResizeSpec spec, ImageInput input, int step, Executor executor) {
        this.model = model;
        this.preprocessor = preprocessor;
        this.spec = spec;
        this.input = input;
        this.step = step;
        this.executor = executor;
    }

    public ResizeSpec spec() {
        return spec;
    }

    /** Preprocesses items {@code from..to} of {@code images} on the executor, then sends them. */
    public <R> CompletableFuture<List<Outcome<R>>> chunk(List<?> images, int from, int to, GroupCall<R> call) {
        return CompletableFuture.supplyAsync(() -> Batches.each(from, to, i -> prepare(images.get(i), i)), executor)
                .thenCompose(prepared -> dispatch(prepared, call));
    }

    private Prepared prepare(Object image, int index) {
        PreprocessedImage p = switch (image) {
            case null -> throw new RadioInputException("image is null");
            case byte[] encoded -> preprocessor.preprocess(encoded, spec);
            case PreprocessedImage already -> already;
            default -> throw new IllegalStateException("unexpected image type " + image.getClass());
        };
        if (!p.hasPixels()) {
            throw new RadioInputException("a PASSTHROUGH image has no pixels; model '" + model + "' needs decoded UINT8 pixels");
        }
        if (!input.accepts(p.height(), p.width(), step)) {
            throw new RadioInputException("image is " + p.height() + "x" + p.width() + " after preprocessing, but model '" + model
                    + "' accepts " + input.describe(step) + " (height x width)");
        }
        return new Prepared(index, p.height(), p.width(), p.pixelBuffer());
    }

    private <R> CompletableFuture<List<Outcome<R>>> dispatch(List<Outcome<Prepared>> prepared, GroupCall<R> call) {
        Map<Long, List<Prepared>> groups = new LinkedHashMap<>();
        for (Outcome<Prepared> p : prepared) {
            if (p.error() == null) {
                Prepared item = p.value();
                groups.computeIfAbsent(((long) item.height() << 32) | item.width(), k -> new ArrayList<>()).add(item);
            }
        }
        Map<Integer, CompletableFuture<Outcome<R>>> byIndex = new LinkedHashMap<>();
        for (List<Prepared> group : groups.values()) {
            CompletableFuture<List<R>> sent;
            try {
                sent = call.send(tensor(group), group);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            for (int k = 0; k < group.size(); k++) {
                int position = k;
                byIndex.put(group.get(k).index(), sent.handle((results, error) -> error != null
                        ? Outcome.<R>failed(Batches.asRadio(error))
                        : Outcome.ok(results.get(position))));
            }
        }
        return CompletableFuture.allOf(byIndex.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Outcome<R>> outcomes = new ArrayList<>(prepared.size());
            for (Outcome<Prepared> p : prepared) {
                outcomes.add(p.error() != null ? Outcome.failed(p.error()) : byIndex.get(p.value().index()).join());
            }
            return outcomes;
        });
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

    /** Copies a caller's list so later changes to it cannot race with the batches. */
    public static List<Object> snapshot(List<?> images) {
        EncoderSupport.requireInput(images, "images");
        return new ArrayList<>(images);
    }
}
