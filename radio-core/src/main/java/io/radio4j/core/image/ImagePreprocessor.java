package io.radio4j.core.image;

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
 * <p>Thread-safe and meant to be shared: build one and use it from every thread.
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
    /** Default of {@link Builder#nativeJpeg(boolean)}: use libturbojpeg when it can be loaded. */
    public static final boolean DEFAULT_NATIVE_JPEG = true;
    /**
     * System property that switches native decoding off for the whole JVM when set to
     * {@code false}, whatever the builder says.
     */
    public static final String NATIVE_PROPERTY = "radio4j.image.native";

    private final ImageLimits limits;
    private final SpeedMode defaultSpeed;
    private final boolean nativeJpeg;

    private ImagePreprocessor(Builder builder) {
        this.limits = builder.limits == null ? ImageLimits.DEFAULTS : builder.limits;
        this.defaultSpeed = builder.speed == null ? DEFAULT_SPEED : builder.speed;
        this.nativeJpeg = builder.nativeJpeg == null ? DEFAULT_NATIVE_JPEG : builder.nativeJpeg;
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
     * switched off by {@value #NATIVE_PROPERTY}, and the library loaded.
     */
    public boolean nativeJpegActive() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Reads format, stored size, frame count and EXIF orientation from the header, without
     * decoding pixels. Limits are not applied.
     *
     * @throws ImageException if the bytes are empty, not a supported format, or the header is
     *     truncated or corrupt
     */
    public ImageInfo probe(byte[] encoded) {
        throw new UnsupportedOperationException("not implemented yet");
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
        throw new UnsupportedOperationException("not implemented yet");
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
        throw new UnsupportedOperationException("not implemented yet");
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
        throw new UnsupportedOperationException("not implemented yet");
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
        throw new UnsupportedOperationException("not implemented yet");
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
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes a batch as FP32 NCHW in [0, 1] at {@code out}'s position.
     *
     * @see #writeUint8HwcBatch(List, ResizeSpec, SpeedMode, ByteBuffer)
     */
    public ImageSize writeFloat32ChwBatch(List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, FloatBuffer out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes a batch as FP16 NCHW in [0, 1] at {@code out}'s position.
     *
     * @see #writeUint8HwcBatch(List, ResizeSpec, SpeedMode, ByteBuffer)
     */
    public ImageSize writeFloat16ChwBatch(List<byte[]> encoded, ResizeSpec spec, SpeedMode speed, ShortBuffer out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Builds an {@link ImagePreprocessor}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private ImageLimits limits;
        private SpeedMode speed;
        private Boolean nativeJpeg;

        private Builder() {
        }

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
         * Whether to decode JPEG with libturbojpeg (through the FFM API) when it can be loaded;
         * default {@link #DEFAULT_NATIVE_JPEG}. {@code false} forces the pure-Java decoders. The
         * system property {@value #NATIVE_PROPERTY}{@code =false} also forces them.
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

    @SuppressWarnings("unused")
    private static <T> T require(T value, String name) {
        return Objects.requireNonNull(value, name);
    }
}
