package io.radio4j.core.image;

import io.radio4j.core.image.ImageException.Reason;
import io.radio4j.core.image.internal.Header;
import io.radio4j.core.image.internal.HeaderProbe;
import io.radio4j.core.image.internal.PreprocessPipeline;
import io.radio4j.core.image.internal.TensorWriter;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Turns encoded images (JPEG, PNG, GIF, BMP, WebP) into model input: decode, EXIF orientation,
 * Pillow's {@code convert("RGB")}, then a Pillow-exact bicubic resize ({@link ResizeMode}).
 *
 * <p>{@link SpeedMode#EXACT} output is byte-identical to {@code ImageOps.exif_transpose(Image.open(f))
 * .convert("RGB").resize(..., Image.BICUBIC)} with Pillow 9.4. Limits ({@link ImageLimits}) are
 * checked from the header before any pixel is decoded.
 *
 * <p>Thread-safe and meant to be shared: build one and use it from every thread. Each thread keeps
 * its own working arrays (decoded image, resize intermediate, UINT8 staging for FP32/FP16 output;
 * each at most 32 MiB) for reuse, so steady-state {@code write*} calls on platform threads with the
 * native JPEG decoder make no large garbage; UINT8 output into a heap {@link ByteBuffer} is resized
 * straight into its array.
 *
 * <pre>{@code
 * ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();
 * PreprocessedImage image = preprocessor.preprocess(jpegBytes, ResizeSpec.centerCrop(224));
 * ByteBuffer hwc = image.pixelBuffer(); // 224 * 224 * 3 bytes, RGB
 * }</pre>
 */
public final class ImagePreprocessor {

    /** Default of {@link Builder#speed(SpeedMode)}. */
    public static final SpeedMode DEFAULT_SPEED = SpeedMode.EXACT;
    /** Default of {@link Builder#nativeJpeg(boolean)}: use libturbojpeg and libwebp when they load. */
    public static final boolean DEFAULT_NATIVE_JPEG = true;
    /**
     * System property that switches native decoding off for the whole JVM when set to
     * {@code false}, whatever the builder says.
     */
    public static final String NATIVE_PROPERTY = "radio4j.image.native";

    private final ImageLimits limits;
    private final SpeedMode defaultSpeed;
    private final PreprocessPipeline pipeline;

    private ImagePreprocessor(Builder builder) {
        this.limits = builder.limits == null ? ImageLimits.DEFAULTS : builder.limits;
        this.defaultSpeed = builder.speed == null ? DEFAULT_SPEED : builder.speed;
        boolean nativeJpeg = builder.nativeJpeg == null ? DEFAULT_NATIVE_JPEG : builder.nativeJpeg;
        boolean allowedBySystem = !"false".equalsIgnoreCase(System.getProperty(NATIVE_PROPERTY));
        this.pipeline = PreprocessPipeline.create(limits, nativeJpeg && allowedBySystem);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The limits every image is checked against. */
    public ImageLimits limits() {
        return limits;
    }

    /** The speed mode of the overloads that take none. */
    public SpeedMode defaultSpeed() {
        return defaultSpeed;
    }

    /**
     * Whether this preprocessor decodes JPEG with libturbojpeg: requested by the builder, not
     * switched off by {@value #NATIVE_PROPERTY}, and the library loaded. FAST needs it for its
     * DCT-scaled decode.
     */
    public boolean nativeJpegActive() {
        return pipeline.nativeJpegActive();
    }

    /**
     * Reads format, stored size, frame count and EXIF orientation from the header, without
     * decoding pixels. Limits are not applied.
     *
     * @throws ImageException if the bytes are empty, not a supported format, or the header is
     *     truncated or corrupt
     */
    public ImageInfo probe(byte[] encoded) {
        return HeaderProbe.probe(Objects.requireNonNull(encoded, "encoded")).info();
    }

    /**
     * Preprocesses one image in the {@link #defaultSpeed()} mode.
     *
     * @see #preprocess(byte[], ResizeSpec, SpeedMode)
     */
    public PreprocessedImage preprocess(byte[] encoded, ResizeSpec spec) {
        return preprocess(encoded, spec, defaultSpeed);
    }

    /**
     * Preprocesses one image into newly allocated UINT8 HWC pixels, or for
     * {@link SpeedMode#PASSTHROUGH} checks format and limits and keeps the encoded bytes.
     *
     * @throws NullPointerException if an argument is null
     * @throws ImageException naming the cause if the image cannot be decoded or breaks a limit
     */
    public PreprocessedImage preprocess(byte[] encoded, ResizeSpec spec, SpeedMode speed) {
        checkArguments(encoded, spec, speed);
        Header header = pipeline.checkedHeader(encoded);
        ImageSize out = pipeline.outputSize(header, spec);
        if (speed == SpeedMode.PASSTHROUGH) {
            return PreprocessedImage.ofEncoded(
                    encoded, header.info().format(), header.info().orientedSize());
        }
        byte[] pixels = new byte[Math.toIntExact(out.pixels() * 3)];
        pipeline.run(encoded, header, speed, spec, out, pixels, 0);
        return PreprocessedImage.ofPixels(
                out.height(), out.width(), pixels, header.info().format(), speed);
    }

    /**
     * Writes one image as UINT8 HWC RGB at {@code out}'s position and advances it.
     *
     * @return the output size (fixed for SQUASH/CENTER_CROP, image-dependent for SNAP16)
     * @throws IllegalArgumentException for {@link SpeedMode#PASSTHROUGH}, which has no pixels
     * @throws ImageException if the image fails, or with {@link ImageException.Reason#BUFFER_TOO_SMALL}
     *     if {@code out} has too few bytes remaining (nothing is written then)
     */
    public ImageSize writeUint8Hwc(byte[] encoded, ResizeSpec spec, SpeedMode speed, ByteBuffer out) {
        return write(encoded, spec, speed, Layout.UINT8_HWC, Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes one image as FP32 CHW in [0, 1] ({@code (float) (v * (1.0 / 255))}, as numpy computes
     * {@code x.astype(float64) / 255} cast to float32) at {@code out}'s position and advances it.
     *
     * @return the output size
     * @throws IllegalArgumentException for {@link SpeedMode#PASSTHROUGH}
     * @throws ImageException if the image fails or {@code out} is too small
     */
    public ImageSize writeFloat32Chw(byte[] encoded, ResizeSpec spec, SpeedMode speed, FloatBuffer out) {
        return write(encoded, spec, speed, Layout.FP32_CHW, Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes one image as FP16 CHW in [0, 1] (IEEE half bits, the FP32 value rounded half-even by
     * {@link Float#floatToFloat16(float)}) at {@code out}'s position and advances it. For a
     * little-endian wire tensor pass {@code byteBuffer.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()}.
     *
     * @return the output size
     * @throws IllegalArgumentException for {@link SpeedMode#PASSTHROUGH}
     * @throws ImageException if the image fails or {@code out} is too small
     */
    public ImageSize writeFloat16Chw(byte[] encoded, ResizeSpec spec, SpeedMode speed, ShortBuffer out) {
        return write(encoded, spec, speed, Layout.FP16_CHW, Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes a batch as UINT8 NHWC, image after image, at {@code out}'s position.
     *
     * @return the per-image output size
     * @throws IllegalArgumentException if the batch is empty, the spec has no fixed output size
     *     ({@link ResizeSpec#hasFixedOutputSize()}), or speed is PASSTHROUGH
     * @throws ImageException for the first image that fails (its index is in the message), or if
     *     {@code out} is too small (checked before decoding)
     */
    public ImageSize writeUint8HwcBatch(List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, ByteBuffer out) {
        return writeBatch(encoded, spec, speed, Layout.UINT8_HWC, Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes a batch as FP32 NCHW in [0, 1] at {@code out}'s position.
     *
     * @see #writeUint8HwcBatch(List, ResizeSpec, SpeedMode, ByteBuffer)
     */
    public ImageSize writeFloat32ChwBatch(List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, FloatBuffer out) {
        return writeBatch(encoded, spec, speed, Layout.FP32_CHW, Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes a batch as FP16 NCHW in [0, 1] at {@code out}'s position.
     *
     * @see #writeUint8HwcBatch(List, ResizeSpec, SpeedMode, ByteBuffer)
     */
    public ImageSize writeFloat16ChwBatch(List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, ShortBuffer out) {
        return writeBatch(encoded, spec, speed, Layout.FP16_CHW, Objects.requireNonNull(out, "out"));
    }

    private enum Layout {
        UINT8_HWC,
        FP32_CHW,
        FP16_CHW
    }

    private ImageSize write(byte[] encoded, ResizeSpec spec, SpeedMode speed, Layout layout, java.nio.Buffer out) {
        checkArguments(encoded, spec, speed);
        if (speed == SpeedMode.PASSTHROUGH) {
            throw new IllegalArgumentException("PASSTHROUGH produces no pixels to write");
        }
        Header header = pipeline.checkedHeader(encoded);
        ImageSize size = pipeline.outputSize(header, spec);
        requireRemaining(out, size.pixels() * 3, "");
        lay(encoded, header, spec, speed, size, layout, out);
        return size;
    }

    private ImageSize writeBatch(
            List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, Layout layout, java.nio.Buffer out) {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(speed, "speed");
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        if (!spec.hasFixedOutputSize()) {
            throw new IllegalArgumentException(
                    spec.mode() + " gives image-dependent sizes; a batch needs SQUASH or CENTER_CROP");
        }
        if (speed == SpeedMode.PASSTHROUGH) {
            throw new IllegalArgumentException("PASSTHROUGH produces no pixels to write");
        }
        ImageSize size = spec.outputSize(spec.height(), spec.width());
        requireRemaining(out, size.pixels() * 3 * encoded.size(), " for a batch of " + encoded.size());
        Header[] headers = new Header[encoded.size()];
        for (int i = 0; i < headers.length; i++) {
            // Every header before any decode: a bad image late in the batch fails it cheaply.
            int n = i;
            headers[i] =
                    withIndex(n, () -> pipeline.checkedHeader(Objects.requireNonNull(encoded.get(n), "encoded image")));
            withIndex(n, () -> pipeline.outputSize(headers[n], spec));
        }
        for (int i = 0; i < headers.length; i++) {
            int n = i;
            withIndex(n, () -> {
                lay(encoded.get(n), headers[n], spec, speed, size, layout, out);
                return null;
            });
        }
        return size;
    }

    private void lay(
            byte[] encoded,
            Header header,
            ResizeSpec spec,
            SpeedMode speed,
            ImageSize size,
            Layout layout,
            java.nio.Buffer out) {
        int bytes = Math.toIntExact(size.pixels() * 3);
        if (layout == Layout.UINT8_HWC && out instanceof ByteBuffer bb && bb.hasArray() && !bb.isReadOnly()) {
            // Resize straight into the caller's array: no intermediate copy.
            pipeline.run(encoded, header, speed, spec, size, bb.array(), bb.arrayOffset() + bb.position());
            bb.position(bb.position() + bytes);
            return;
        }
        byte[] hwc = pipeline.runPooled(encoded, header, speed, spec, size);
        switch (layout) {
            case UINT8_HWC -> TensorWriter.uint8Hwc(hwc, 0, bytes, (ByteBuffer) out);
            case FP32_CHW -> TensorWriter.float32Chw(hwc, 0, size.height(), size.width(), (FloatBuffer) out);
            case FP16_CHW -> TensorWriter.float16Chw(hwc, 0, size.height(), size.width(), (ShortBuffer) out);
        }
    }

    private static <T> T withIndex(int index, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ImageException e) {
            throw new ImageException(e.reason(), "image " + index + " of the batch: " + e.getMessage(), e);
        }
    }

    private static void requireRemaining(java.nio.Buffer out, long elements, String what) {
        if (out.isReadOnly()) {
            throw new IllegalArgumentException("the output buffer is read-only");
        }
        if (out.remaining() < elements) {
            throw new ImageException(
                    Reason.BUFFER_TOO_SMALL,
                    "output needs " + elements + " elements" + what + ", the buffer has " + out.remaining()
                            + " remaining");
        }
    }

    private static void checkArguments(byte[] encoded, ResizeSpec spec, SpeedMode speed) {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(speed, "speed");
    }

    /** Builds an {@link ImagePreprocessor}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private ImageLimits limits;
        private SpeedMode speed;
        private Boolean nativeJpeg;

        private Builder() {}

        /** The limits; default {@link ImageLimits#DEFAULTS}. */
        public Builder limits(ImageLimits limits) {
            this.limits = limits;
            return this;
        }

        /** The speed mode of the overloads that take none; default {@link #DEFAULT_SPEED}. */
        public Builder speed(SpeedMode speed) {
            this.speed = speed;
            return this;
        }

        /**
         * Whether to decode JPEG with libturbojpeg and WebP with libwebp (through the FFM API) when
         * they can be loaded; default {@link #DEFAULT_NATIVE_JPEG}. {@code false} forces the
         * pure-Java decoders (ImageIO, TwelveMonkeys), which are byte-identical to Pillow for every
         * format except lossy WebP. The system property {@value #NATIVE_PROPERTY}{@code =false}
         * also forces them.
         */
        public Builder nativeJpeg(boolean nativeJpeg) {
            this.nativeJpeg = nativeJpeg;
            return this;
        }

        /** The preprocessor. */
        public ImagePreprocessor build() {
            return new ImagePreprocessor(this);
        }
    }
}
