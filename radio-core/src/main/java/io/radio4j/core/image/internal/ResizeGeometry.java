package io.radio4j.core.image.internal;

/**
 * What one resize computes: a {@code srcHeight × srcWidth} image resized to
 * {@code outHeight × outWidth}, of which only the window {@code cropHeight × cropWidth} at
 * ({@code top}, {@code left}) is produced (the crop of CENTER_CROP; the whole output otherwise).
 *
 * @param srcHeight input rows
 * @param srcWidth input columns
 * @param outHeight rows of the full resize
 * @param outWidth columns of the full resize
 * @param top first output row computed
 * @param left first output column computed
 * @param cropHeight output rows computed
 * @param cropWidth output columns computed
 */
public record ResizeGeometry(
        int srcHeight, int srcWidth, int outHeight, int outWidth, int top, int left, int cropHeight, int cropWidth) {

    /** @throws IllegalArgumentException if a size is not positive or the window leaves the output */
    public ResizeGeometry {
        if (srcHeight < 1 || srcWidth < 1 || outHeight < 1 || outWidth < 1 || cropHeight < 1 || cropWidth < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + srcHeight + "x" + srcWidth + " -> "
                    + outHeight + "x" + outWidth + ", window " + cropHeight + "x" + cropWidth);
        }
        if (top < 0 || left < 0 || top + cropHeight > outHeight || left + cropWidth > outWidth) {
            throw new IllegalArgumentException("window " + cropHeight + "x" + cropWidth + " at (" + top + ", " + left
                    + ") leaves the " + outHeight + "x" + outWidth + " output");
        }
    }

    /** The whole {@code outHeight × outWidth} output, no crop. */
    public static ResizeGeometry full(int srcHeight, int srcWidth, int outHeight, int outWidth) {
        return new ResizeGeometry(srcHeight, srcWidth, outHeight, outWidth, 0, 0, outHeight, outWidth);
    }

    /** Bytes of the computed window, RGB: {@code cropHeight * cropWidth * 3}. */
    public int windowBytes() {
        return cropHeight * cropWidth * 3;
    }
}
