package io.radio4j.benchmarks.perfanalyzer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ImageSize;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes perf_analyzer {@code --input-data} JSON from real images and texts, preprocessed by
 * radio4j itself so a Triton measurement sees exactly the tensors radio4j would send.
 *
 * <p>Format (perf_analyzer {@code docs/input_data.md}): {@code {"data": [entry, ...]}}, one entry per
 * batch-1 request, used round-robin; {@code -b} replicates an entry. Each tensor is written as
 * {@code {"content": ..., "shape": [...]}} with the per-item shape (no batch dimension), and the
 * content either a flat row-major JSON array or {@code {"b64": "..."}} of the raw little-endian
 * bytes. FP16 is always base64 because perf_analyzer refuses FP16 arrays.
 *
 * <p>Constant extra inputs (such as RADIO1D's {@code num_tokens}) are added to every entry.
 *
 * <p>Not thread-safe for concurrent writes to one stream; the instance itself holds no mutable
 * state and can be shared.
 */
public final class InputDataWriter {

    /** Default of {@link Builder#base64(boolean)}: base64 content (about 4× smaller files than arrays). */
    public static final boolean DEFAULT_BASE64 = true;
    /** Default of {@link Builder#maxEntries(int)}. */
    public static final int DEFAULT_MAX_ENTRIES = 256;

    private static final JsonFactory JSON = new JsonFactory();

    private final ImagePreprocessor preprocessor;
    private final boolean base64;
    private final int maxEntries;
    private final Map<String, Integer> int32Constants;

    private InputDataWriter(Builder builder) {
        this.preprocessor =
                builder.preprocessor == null ? ImagePreprocessor.builder().build() : builder.preprocessor;
        this.base64 = builder.base64 == null ? DEFAULT_BASE64 : builder.base64;
        this.maxEntries = builder.maxEntries == null ? DEFAULT_MAX_ENTRIES : builder.maxEntries;
        this.int32Constants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.int32Constants));
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes one entry per image: the image tensor named {@code tensorName} in {@code format},
     * resized by {@code resize} in {@code speed} mode (ignored for {@link TensorFormat#ENCODED}),
     * plus the constant inputs.
     *
     * @return the number of entries written
     * @throws IllegalArgumentException if there are no images or more than the maximum entries, or
     *     a speed of PASSTHROUGH is asked for a pixel format
     * @throws io.radio4j.core.image.ImageException naming the image that cannot be decoded or
     *     breaks a limit
     * @throws UncheckedIOException if writing fails
     */
    public int writeImages(
            String tensorName,
            TensorFormat format,
            ResizeSpec resize,
            SpeedMode speed,
            List<byte[]> images,
            OutputStream out) {
        Objects.requireNonNull(tensorName, "tensorName");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(speed, "speed");
        checkCount(images, "images");
        if (format != TensorFormat.ENCODED && speed == SpeedMode.PASSTHROUGH) {
            throw new IllegalArgumentException("PASSTHROUGH keeps the encoded bytes: use the ENCODED format for it");
        }
        try (JsonGenerator json = open(out)) {
            for (int i = 0; i < images.size(); i++) {
                byte[] encoded = Objects.requireNonNull(images.get(i), "image " + i);
                json.writeStartObject();
                writeImageTensor(json, tensorName, format, resize, speed, encoded, i);
                writeConstants(json);
                json.writeEndObject();
            }
            close(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write perf_analyzer input data", e);
        }
        return images.size();
    }

    /**
     * Writes one entry per row of token ids (INT64, shape [row length]), plus the constant inputs.
     *
     * @return the number of entries written
     * @throws IllegalArgumentException if there are no rows, too many, or an empty row
     * @throws UncheckedIOException if writing fails
     */
    public int writeTokenIds(String tensorName, List<long[]> rows, OutputStream out) {
        Objects.requireNonNull(tensorName, "tensorName");
        checkCount(rows, "token rows");
        try (JsonGenerator json = open(out)) {
            for (long[] row : rows) {
                if (row == null || row.length == 0) {
                    throw new IllegalArgumentException("empty token row");
                }
                json.writeStartObject();
                json.writeFieldName(tensorName);
                json.writeStartObject();
                json.writeFieldName("content");
                if (base64) {
                    ByteBuffer bytes =
                            ByteBuffer.allocate(row.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asLongBuffer().put(row);
                    writeB64(json, bytes.array());
                } else {
                    json.writeArray(row, 0, row.length);
                }
                writeShape(json, row.length);
                json.writeEndObject();
                writeConstants(json);
                json.writeEndObject();
            }
            close(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write perf_analyzer input data", e);
        }
        return rows.size();
    }

    private void writeImageTensor(
            JsonGenerator json,
            String name,
            TensorFormat format,
            ResizeSpec resize,
            SpeedMode speed,
            byte[] encoded,
            int index)
            throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        json.writeFieldName("content");
        switch (format) {
            case ENCODED -> {
                // Checks format and limits from the header only, as the service would before sending.
                preprocessor.preprocess(encoded, resize, SpeedMode.PASSTHROUGH);
                writeBytes(json, encoded);
                writeShape(json, encoded.length);
            }
            case UINT8_HWC -> {
                PreprocessedImage image = preprocessor.preprocess(encoded, resize, speed);
                writeBytes(json, image.pixels());
                writeShape(json, image.height(), image.width(), 3);
            }
            case FP32_CHW -> {
                ImageSize size = outputSize(encoded, resize);
                FloatBuffer floats = FloatBuffer.allocate(Math.toIntExact(size.pixels() * 3));
                preprocessor.writeFloat32Chw(encoded, resize, speed, floats);
                float[] values = floats.array();
                if (base64) {
                    ByteBuffer bytes =
                            ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(values);
                    writeB64(json, bytes.array());
                } else {
                    json.writeStartArray();
                    for (float v : values) {
                        json.writeNumber(v);
                    }
                    json.writeEndArray();
                }
                writeShape(json, 3, size.height(), size.width());
            }
            case FP16_CHW -> {
                ImageSize size = outputSize(encoded, resize);
                ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size.pixels() * 3 * Short.BYTES))
                        .order(ByteOrder.LITTLE_ENDIAN);
                ShortBuffer halves = bytes.asShortBuffer();
                preprocessor.writeFloat16Chw(encoded, resize, speed, halves);
                writeB64(json, bytes.array());
                writeShape(json, 3, size.height(), size.width());
            }
        }
        json.writeEndObject();
    }

    private ImageSize outputSize(byte[] encoded, ResizeSpec resize) {
        var oriented = preprocessor.probe(encoded).orientedSize();
        return resize.outputSize(oriented.height(), oriented.width());
    }

    private void writeConstants(JsonGenerator json) throws IOException {
        for (Map.Entry<String, Integer> constant : int32Constants.entrySet()) {
            json.writeFieldName(constant.getKey());
            json.writeStartArray();
            json.writeNumber(constant.getValue());
            json.writeEndArray();
        }
    }

    private void writeBytes(JsonGenerator json, byte[] bytes) throws IOException {
        if (base64) {
            writeB64(json, bytes);
        } else {
            json.writeStartArray();
            for (byte b : bytes) {
                json.writeNumber(b & 0xFF);
            }
            json.writeEndArray();
        }
    }

    private static void writeB64(JsonGenerator json, byte[] bytes) throws IOException {
        json.writeStartObject();
        json.writeStringField("b64", java.util.Base64.getEncoder().encodeToString(bytes));
        json.writeEndObject();
    }

    private static void writeShape(JsonGenerator json, long... dims) throws IOException {
        json.writeFieldName("shape");
        json.writeArray(dims, 0, dims.length);
    }

    private JsonGenerator open(OutputStream out) throws IOException {
        JsonGenerator json = JSON.createGenerator(Objects.requireNonNull(out, "out"), JsonEncoding.UTF8);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        json.writeFieldName("data");
        json.writeStartArray();
        return json;
    }

    private static void close(JsonGenerator json) throws IOException {
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void checkCount(List<?> items, String what) {
        Objects.requireNonNull(items, what);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " to write");
        }
        if (items.size() > maxEntries) {
            throw new IllegalArgumentException(items.size() + " " + what + " exceed the maximum of " + maxEntries
                    + " entries (raise it with maxEntries / --max-entries)");
        }
    }

    /** Builds an {@link InputDataWriter}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private ImagePreprocessor preprocessor;
        private Boolean base64;
        private Integer maxEntries;
        private final Map<String, Integer> int32Constants = new LinkedHashMap<>();

        private Builder() {}

        /** The preprocessor; default {@code ImagePreprocessor.builder().build()} (default limits). */
        public Builder preprocessor(ImagePreprocessor preprocessor) {
            this.preprocessor = preprocessor;
            return this;
        }

        /**
         * Whether UINT8/INT64/FP32 content is base64 rather than a JSON array; default
         * {@link #DEFAULT_BASE64}. FP16 is base64 either way.
         */
        public Builder base64(boolean base64) {
            this.base64 = base64;
            return this;
        }

        /**
         * The most entries one file may hold; default {@link #DEFAULT_MAX_ENTRIES}. perf_analyzer
         * loads the whole file into memory, so this bounds its footprint too.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * An INT32 input of shape [1] with the same value in every entry, e.g. RADIO1D's
         * {@code num_tokens}.
         *
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder int32Constant(String name, int value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("constant input name is blank");
            }
            int32Constants.put(name, value);
            return this;
        }

        /** The writer. */
        public InputDataWriter build() {
            return new InputDataWriter(this);
        }
    }
}
