package io.radio4j.core.image;

/**
 * The limits an encoded image must satisfy before any pixel is decoded. All are read from the
 * header (and, for animations, the frame structure), so a decompression bomb is refused without
 * allocating its pixels.
 *
 * @param maxImageBytes largest accepted encoded size in bytes; default {@value #DEFAULT_MAX_IMAGE_BYTES} (64 MiB)
 * @param maxPixels largest accepted width × height of the decoded image; default
 *     {@value #DEFAULT_MAX_PIXELS}, Pillow's {@code Image.MAX_IMAGE_PIXELS} decompression-bomb limit
 * @param maxFrames largest accepted frame count of an animation (GIF, APNG, animated WebP); only the
 *     first frame is used; default {@value #DEFAULT_MAX_FRAMES}
 */
public record ImageLimits(long maxImageBytes, long maxPixels, int maxFrames) {

    /** Default for {@link #maxImageBytes()}: 64 MiB. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 64L * 1024 * 1024;
    /** Default for {@link #maxPixels()}: Pillow's decompression-bomb limit (1024·1024·1024 / 4 / 3). */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /** Default for {@link #maxFrames()}. */
    public static final int DEFAULT_MAX_FRAMES = 1024;

    /** The defaults above. */
    public static final ImageLimits DEFAULTS =
            new ImageLimits(DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_FRAMES);

    /** @throws IllegalArgumentException if a limit is not positive */
    public ImageLimits {
        if (maxImageBytes <= 0) {
            throw new IllegalArgumentException("maxImageBytes must be positive: " + maxImageBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxFrames <= 0) {
            throw new IllegalArgumentException("maxFrames must be positive: " + maxFrames);
        }
    }

    /** A copy with another {@link #maxImageBytes()}. */
    public ImageLimits withMaxImageBytes(long value) {
        return new ImageLimits(value, maxPixels, maxFrames);
    }

    /** A copy with another {@link #maxPixels()}. */
    public ImageLimits withMaxPixels(long value) {
        return new ImageLimits(maxImageBytes, value, maxFrames);
    }

    /** A copy with another {@link #maxFrames()}. */
    public ImageLimits withMaxFrames(int value) {
        return new ImageLimits(maxImageBytes, maxPixels, value);
    }
}
