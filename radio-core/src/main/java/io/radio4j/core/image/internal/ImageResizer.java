package io.radio4j.core.image.internal;

/**
 * Resizes an RGB UINT8 HWC image with Pillow's bicubic filter, computing only an output window
 * (the crop of CENTER_CROP), which is bit-identical to resizing everything and cropping because
 * every output pixel depends only on its own coefficients.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public sealed interface ImageResizer permits TwoPassResizer {

    /**
     * @param src {@code srcHeight * srcWidth * 3} bytes
     * @param geometry input size, full output size and the window computed
     * @param dst receives {@link ResizeGeometry#windowBytes()} bytes at offset {@code dstOffset}
     * @param scratch where working arrays come from
     */
    void resize(byte[] src, ResizeGeometry geometry, byte[] dst, int dstOffset, Scratch scratch);

    /** {@link #resize(byte[], ResizeGeometry, byte[], int, Scratch)} with fresh working arrays. */
    default void resize(byte[] src, ResizeGeometry geometry, byte[] dst, int dstOffset) {
        resize(src, geometry, dst, dstOffset, Scratch.NONE);
    }

    /** A name for logs and benchmarks. */
    String name();
}
