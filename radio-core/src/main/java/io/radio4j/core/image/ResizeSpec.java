package io.radio4j.core.image;

import java.util.Objects;

/**
 * The target geometry of a resize.
 *
 * <p>For {@link ResizeMode#SQUASH} {@code height} × {@code width} is the output size. For
 * {@link ResizeMode#CENTER_CROP} and {@link ResizeMode#SNAP16} both fields hold the shortest-edge
 * target S (use the factories); the output size then depends on the image, see
 * {@link #outputSize(int, int)}.
 *
 * @param mode the resize mode
 * @param height output height (SQUASH) or shortest-edge target S
 * @param width output width (SQUASH) or shortest-edge target S
 */
public record ResizeSpec(ResizeMode mode, int height, int width) {

    /** Largest accepted target edge, in pixels. */
    public static final int MAX_EDGE = 8192;

    /**
     * @throws NullPointerException if {@code mode} is null
     * @throws IllegalArgumentException if an edge is outside 1..{@value #MAX_EDGE}, if height and
     *     width differ for CENTER_CROP/SNAP16, or if S is not a multiple of 16 for SNAP16
     */
    public ResizeSpec {
        Objects.requireNonNull(mode, "mode");
        if (height < 1 || height > MAX_EDGE || width < 1 || width > MAX_EDGE) {
            throw new IllegalArgumentException("target edges must be in 1.." + MAX_EDGE + ": " + height + "x" + width);
        }
        if (mode != ResizeMode.SQUASH && height != width) {
            throw new IllegalArgumentException(mode + " takes one shortest-edge target, got " + height + "x" + width);
        }
        if (mode == ResizeMode.SNAP16 && height % 16 != 0) {
            throw new IllegalArgumentException("SNAP16 needs a shortest edge that is a multiple of 16: " + height);
        }
    }

    /** Resize to exactly {@code height} × {@code width}. */
    public static ResizeSpec squash(int height, int width) {
        return new ResizeSpec(ResizeMode.SQUASH, height, width);
    }

    /** Shortest edge to {@code size}, then a centered {@code size} × {@code size} crop. */
    public static ResizeSpec centerCrop(int size) {
        return new ResizeSpec(ResizeMode.CENTER_CROP, size, size);
    }

    /** Shortest edge to {@code size} (a multiple of 16), long edge to the nearest multiple of 16. */
    public static ResizeSpec snap16(int size) {
        return new ResizeSpec(ResizeMode.SNAP16, size, size);
    }

    /** Whether every image gets the same output size (needed to fill a batch tensor). */
    public boolean hasFixedOutputSize() {
        return mode != ResizeMode.SNAP16;
    }

    /**
     * The size of the final output for an (already EXIF-oriented) source image.
     *
     * @throws IllegalArgumentException if a source edge is not positive
     */
    public ImageSize outputSize(int sourceHeight, int sourceWidth) {
        ImageSize resized = resizedSize(sourceHeight, sourceWidth);
        return mode == ResizeMode.CENTER_CROP ? new ImageSize(height, width) : resized;
    }

    /**
     * Where a centered crop of {@code cropEdge} starts along an edge of {@code resizedEdge} pixels:
     * {@code int(round((resizedEdge - cropEdge) / 2.0))} with Python's round (half to even), as
     * torchvision 0.14 {@code transforms.functional.center_crop} computes {@code crop_top} and
     * {@code crop_left}. For an odd difference d this is d/2 rounded to the even neighbour, e.g.
     * 74 → 37, 75 → 38 (37.5), 77 → 38 (38.5).
     *
     * @throws IllegalArgumentException if the crop is larger than the edge
     */
    public static int centerCropOffset(int resizedEdge, int cropEdge) {
        int d = resizedEdge - cropEdge;
        if (d < 0 || cropEdge < 0) {
            throw new IllegalArgumentException("crop " + cropEdge + " does not fit in " + resizedEdge);
        }
        int half = d >> 1;
        // d odd: half + 0.5 is a tie, which goes to the even one of half and half + 1.
        return (d & 1) == 0 || (half & 1) == 0 ? half : half + 1;
    }

    /**
     * The size the whole image is resized to, before any crop.
     *
     * @throws IllegalArgumentException if a source edge is not positive, or the aspect ratio is so
     *     extreme that the long edge overflows an int
     */
    public ImageSize resizedSize(int sourceHeight, int sourceWidth) {
        if (sourceHeight < 1 || sourceWidth < 1) {
            throw new IllegalArgumentException("source size must be positive: " + sourceHeight + "x" + sourceWidth);
        }
        if (mode == ResizeMode.SQUASH) {
            return new ImageSize(height, width);
        }
        long s = height;
        boolean portrait = sourceHeight > sourceWidth;
        long shortEdge = portrait ? sourceWidth : sourceHeight;
        long longEdge = portrait ? sourceHeight : sourceWidth;
        long newLong;
        if (mode == ResizeMode.CENTER_CROP) {
            // torchvision 0.14 transforms/functional.py _compute_resized_output_size:
            // int(size * long / short): an exact integer product, one correctly rounded double
            // division (the same IEEE operation in Java and Python), then truncation.
            newLong = (long) ((double) (longEdge * s) / shortEdge);
        } else {
            // nearest multiple of 16 of long * S / short, half up, at least 16.
            newLong = Math.max(16, (2 * longEdge * s + 16 * shortEdge) / (32 * shortEdge) * 16);
        }
        if (newLong > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("aspect ratio too extreme: " + sourceHeight + "x" + sourceWidth);
        }
        int longOut = (int) Math.max(newLong, s);
        return portrait ? new ImageSize(longOut, (int) s) : new ImageSize((int) s, longOut);
    }
}
