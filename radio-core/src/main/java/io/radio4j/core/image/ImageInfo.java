package io.radio4j.core.image;

import java.util.Objects;

/**
 * What an image header says, read without decoding pixels.
 *
 * @param format the encoded format
 * @param width stored width in pixels (before EXIF orientation)
 * @param height stored height in pixels (before EXIF orientation)
 * @param frames number of frames, 1 for a still image
 * @param orientation EXIF orientation 1..8 (1 when absent or invalid)
 */
public record ImageInfo(ImageFormat format, int width, int height, int frames, int orientation) {

    /** @throws IllegalArgumentException if a field is out of range */
    public ImageInfo {
        Objects.requireNonNull(format, "format");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be positive: " + frames);
        }
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8: " + orientation);
        }
    }

    /** width × height. */
    public long pixels() {
        return (long) width * height;
    }

    /** The size after EXIF orientation (orientations 5..8 swap the edges). */
    public ImageSize orientedSize() {
        return orientation >= 5 ? new ImageSize(width, height) : new ImageSize(height, width);
    }
}
