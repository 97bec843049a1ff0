package io.radio4j.core.image;

/**
 * A height × width pair, in pixels.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
public record ImageSize(int height, int width) {

    /** @throws IllegalArgumentException if an edge is not positive */
    public ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size must be positive: " + height + "x" + width);
        }
    }

    /** height × width. */
    public long pixels() {
        return (long) height * width;
    }
}
