package io.radio4j.core.image;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The result of one preprocessing call: RGB pixels as UINT8 HWC, or for
 * {@link SpeedMode#PASSTHROUGH} the untouched encoded bytes.
 *
 * <p>Immutable; the accessors returning arrays return copies, {@link #pixelBuffer()} a read-only
 * view without copying.
 */
public final class PreprocessedImage {

    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] encoded;
    private final ImageFormat format;
    private final SpeedMode speed;

    private PreprocessedImage(
            int height, int width, byte[] pixels, byte[] encoded, ImageFormat format, SpeedMode speed) {
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.encoded = encoded;
        this.format = Objects.requireNonNull(format, "format");
        this.speed = Objects.requireNonNull(speed, "speed");
    }

    /**
     * Decoded pixels. Takes ownership of {@code pixels} (no copy: the preprocessor allocated it).
     *
     * @throws IllegalArgumentException if the array length is not height × width × 3
     */
    public static PreprocessedImage ofPixels(
            int height, int width, byte[] pixels, ImageFormat format, SpeedMode speed) {
        if (height < 1 || width < 1 || pixels.length != (long) height * width * 3) {
            throw new IllegalArgumentException(
                    "pixels must hold " + height + "x" + width + "x3 bytes, got " + pixels.length);
        }
        if (speed == SpeedMode.PASSTHROUGH) {
            throw new IllegalArgumentException("PASSTHROUGH results carry encoded bytes, not pixels");
        }
        return new PreprocessedImage(height, width, pixels, null, format, speed);
    }

    /** A PASSTHROUGH result: the encoded bytes (copied) and the oriented size read from the header. */
    public static PreprocessedImage ofEncoded(byte[] encoded, ImageFormat format, ImageSize size) {
        return new PreprocessedImage(size.height(), size.width(), null, encoded.clone(), format, SpeedMode.PASSTHROUGH);
    }

    /** Rows: of the pixels, or for PASSTHROUGH the oriented height of the encoded image. */
    public int height() {
        return height;
    }

    /** Columns: of the pixels, or for PASSTHROUGH the oriented width of the encoded image. */
    public int width() {
        return width;
    }

    /** The speed mode that produced this result. */
    public SpeedMode speed() {
        return speed;
    }

    /** The format of the source bytes. */
    public ImageFormat format() {
        return format;
    }

    /** Whether this result holds decoded pixels (false only for PASSTHROUGH). */
    public boolean hasPixels() {
        return pixels != null;
    }

    /**
     * A copy of the RGB pixels, row-major, 3 bytes per pixel (UINT8 HWC).
     *
     * @throws IllegalStateException for a PASSTHROUGH result
     */
    public byte[] pixels() {
        return requirePixels().clone();
    }

    /**
     * A read-only view of the RGB pixels (UINT8 HWC), without copying.
     *
     * @throws IllegalStateException for a PASSTHROUGH result
     */
    public ByteBuffer pixelBuffer() {
        return ByteBuffer.wrap(requirePixels()).asReadOnlyBuffer();
    }

    /**
     * A copy of the original encoded bytes.
     *
     * @throws IllegalStateException unless this is a PASSTHROUGH result
     */
    public byte[] encoded() {
        if (encoded == null) {
            throw new IllegalStateException("only PASSTHROUGH results keep the encoded bytes");
        }
        return encoded.clone();
    }

    private byte[] requirePixels() {
        if (pixels == null) {
            throw new IllegalStateException("a PASSTHROUGH result has no decoded pixels");
        }
        return pixels;
    }

    @Override
    public String toString() {
        return "PreprocessedImage[" + height + "x" + width + ", " + format + ", " + speed + "]";
    }
}
