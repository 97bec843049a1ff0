package io.radio4j.core.image.internal;

/**
 * A native JPEG decoder (libturbojpeg). {@link #decode} at full size is byte-identical to Pillow,
 * which decodes with the same library and the same defaults (ISLOW IDCT, fancy upsampling).
 */
public interface JpegDecoder {

    /**
     * FAST: decodes to RGB before EXIF orientation, at the smallest DCT scale that keeps at least
     * {@code minWidth} × {@code minHeight} pixels (1/1 when those exceed the image), with the fast
     * integer IDCT. Both minimums at {@code Integer.MAX_VALUE} means EXACT: full size, default IDCT.
     */
    RgbImage decode(byte[] jpeg, Header header, int minWidth, int minHeight, Scratch scratch);

    /** Decodes at full size, byte-identical to Pillow, into {@code scratch}'s array. */
    default RgbImage decode(byte[] jpeg, Header header, Scratch scratch) {
        return decode(jpeg, header, Integer.MAX_VALUE, Integer.MAX_VALUE, scratch);
    }

    /** Decodes at full size into a new array. */
    default RgbImage decode(byte[] jpeg, Header header) {
        return decode(jpeg, header, Scratch.NONE);
    }

    /** For logs. */
    String description();
}
