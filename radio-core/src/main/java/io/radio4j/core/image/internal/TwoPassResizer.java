package io.radio4j.core.image.internal;

/**
 * The driver of Pillow's {@code ImagingResampleInner} for 8-bit RGB, shared by every resizer:
 * horizontal pass first, only over the rows the vertical pass reads ({@code ybox_first ..
 * ybox_last}), into an 8-bit clipped intermediate, then the vertical pass; a pass whose size does
 * not change is skipped, as Pillow skips it. Subclasses supply the two passes (the kernels).
 */
abstract sealed class TwoPassResizer implements ImageResizer permits ScalarResizer, SimdResizer {

    @Override
    public final void resize(byte[] src, ResizeGeometry g, byte[] dst, int dstOffset, Scratch scratch) {
        boolean needVertical = g.outHeight() != g.srcHeight();
        ResampleCoefficients vert = needVertical
                ? ResampleCoefficients.compute(g.srcHeight(), g.outHeight(), g.top(), g.cropHeight())
                : null;
        int yFirst = needVertical ? vert.firstInput() : g.top();
        int yEnd = needVertical ? vert.endInput() : g.top() + g.cropHeight();
        int rowBytes = g.cropWidth() * 3;
        // Without a vertical pass the horizontal one writes straight into dst.
        byte[] tmp = needVertical ? scratch.intermediate((yEnd - yFirst) * rowBytes) : dst;
        int tmpOffset = needVertical ? 0 : dstOffset;
        if (g.outWidth() != g.srcWidth()) {
            ResampleCoefficients horiz =
                    ResampleCoefficients.compute(g.srcWidth(), g.outWidth(), g.left(), g.cropWidth());
            horizontalPass(src, g.srcWidth(), yFirst, yEnd, horiz, tmp, tmpOffset, g.cropWidth(), scratch);
        } else {
            for (int y = yFirst; y < yEnd; y++) {
                System.arraycopy(
                        src, (y * g.srcWidth() + g.left()) * 3, tmp, tmpOffset + (y - yFirst) * rowBytes, rowBytes);
            }
        }
        if (needVertical) {
            verticalPass(tmp, yFirst, rowBytes, vert, g.cropHeight(), dst, dstOffset);
        }
    }

    /**
     * Source rows {@code yFirst .. yEnd - 1} resampled along x into {@code outW} pixels each, rows
     * written one after another from {@code outOffset}.
     */
    abstract void horizontalPass(
            byte[] src,
            int srcW,
            int yFirst,
            int yEnd,
            ResampleCoefficients c,
            byte[] out,
            int outOffset,
            int outW,
            Scratch scratch);

    /**
     * Intermediate rows (the first being source row {@code yFirst}, {@code rowBytes} each)
     * resampled along y into {@code outH} rows from {@code dstOffset}.
     */
    abstract void verticalPass(
            byte[] tmp, int yFirst, int rowBytes, ResampleCoefficients c, int outH, byte[] dst, int dstOffset);
}
