package io.radio4j.core.image.internal;

/**
 * Resizes an RGB UINT8 HWC image with Pillow's bicubic filter, computing only an output window
 * (the crop of CENTER_CROP), which is bit-identical to resizing everything and cropping because
 * every output pixel depends only on its own coefficients.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface ImageResizer {

    /**
     * @param src {@code srcH * srcW * 3} bytes
     * @param outH height of the full resize
     * @param outW width of the full resize
     * @param top first output row computed
     * @param left first output column computed
     * @param cropH output rows computed
     * @param cropW output columns computed
     * @param dst receives {@code cropH * cropW * 3} bytes at offset {@code dstOffset}
     * @param scratch where working arrays come from
     */
    void resize(byte[] src, int srcH, int srcW, int outH, int outW,
                int top, int left, int cropH, int cropW, byte[] dst, int dstOffset, Scratch scratch);

    /** {@link #resize(byte[], int, int, int, int, int, int, int, int, byte[], int, Scratch)} with fresh working arrays. */
    default void resize(byte[] src, int srcH, int srcW, int outH, int outW,
                        int top, int left, int cropH, int cropW, byte[] dst, int dstOffset) {
        resize(src, srcH, srcW, outH, outW, top, left, cropH, cropW, dst, dstOffset, Scratch.NONE);
    }

    /** A name for logs and benchmarks. */
    String name();
}
