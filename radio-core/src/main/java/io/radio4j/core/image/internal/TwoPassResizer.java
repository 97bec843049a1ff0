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
            horizontalPass(
                    new HorizontalPass(src, g.srcWidth(), yFirst, yEnd, horiz, tmp, tmpOffset, g.cropWidth()), scratch);
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

    /** Resamples the rows of {@code pass} along x; {@code scratch} may lend working arrays. */
    abstract void horizontalPass(HorizontalPass pass, Scratch scratch);

    /**
     * One horizontal pass: source rows {@code yFirst .. yEnd - 1} (each {@code srcW} RGB pixels)
     * resampled along x with {@code c} into {@code outW} pixels each, rows written one after another
     * into {@code out} from {@code outOffset}.
     */
    record HorizontalPass(
            byte[] src, int srcW, int yFirst, int yEnd, ResampleCoefficients c, byte[] out, int outOffset, int outW) {

        /** Index in {@code src} of source row {@code y}'s first byte. */
        int srcRow(int y) {
            return y * srcW * 3;
        }

        /** Index in {@code out} where the resampled source row {@code y} starts. */
        int outRow(int y) {
            return outOffset + (y - yFirst) * outW * 3;
        }

        /** The same pass over rows {@code from .. yEnd - 1} only, written where this pass puts them. */
        HorizontalPass from(int from) {
            return new HorizontalPass(src, srcW, from, yEnd, c, out, outRow(from), outW);
        }
    }

    /**
     * Intermediate rows (the first being source row {@code yFirst}, {@code rowBytes} each)
     * resampled along y into {@code outH} rows from {@code dstOffset}.
     */
    abstract void verticalPass(
            byte[] tmp, int yFirst, int rowBytes, ResampleCoefficients c, int outH, byte[] dst, int dstOffset);
}
