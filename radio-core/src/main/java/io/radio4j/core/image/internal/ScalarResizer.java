package io.radio4j.core.image.internal;

import static io.radio4j.core.image.internal.ResampleCoefficients.HALF;
import static io.radio4j.core.image.internal.ResampleCoefficients.clip8;

/**
 * The reference kernels of Pillow's resize for 8-bit RGB (the driver is {@link TwoPassResizer}):
 * one output pixel, or one output row, at a time. Byte-identical to Pillow 9.4.
 */
public final class ScalarResizer extends TwoPassResizer {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    void horizontalPass(HorizontalPass pass, Scratch scratch) {
        horizontal(pass);
    }

    /** The horizontal kernel, also the tail of {@link SimdResizer}'s (rows short of a full block). */
    static void horizontal(HorizontalPass pass) {
        byte[] src = pass.src();
        byte[] out = pass.out();
        int outW = pass.outW();
        int[] bounds = pass.c().bounds();
        int[] kk = pass.c().kk();
        int ksize = pass.c().ksize();
        for (int y = pass.yFirst(), yEnd = pass.yEnd(); y < yEnd; y++) {
            int rowIn = pass.srcRow(y);
            int o = pass.outRow(y);
            for (int xx = 0; xx < outW; xx++) {
                int xmin = bounds[xx * 2];
                int xmax = bounds[xx * 2 + 1];
                int kBase = xx * ksize;
                int ss0 = HALF;
                int ss1 = HALF;
                int ss2 = HALF;
                int p = rowIn + xmin * 3;
                for (int x = 0; x < xmax; x++, p += 3) {
                    int k = kk[kBase + x];
                    ss0 += (src[p] & 0xFF) * k;
                    ss1 += (src[p + 1] & 0xFF) * k;
                    ss2 += (src[p + 2] & 0xFF) * k;
                }
                out[o++] = (byte) clip8(ss0);
                out[o++] = (byte) clip8(ss1);
                out[o++] = (byte) clip8(ss2);
            }
        }
    }

    @Override
    void verticalPass(
            byte[] tmp, int yFirst, int rowBytes, ResampleCoefficients c, int outH, byte[] dst, int dstOffset) {
        int[] bounds = c.bounds();
        int[] kk = c.kk();
        int ksize = c.ksize();
        int[] acc = new int[rowBytes];
        for (int yy = 0; yy < outH; yy++) {
            int ymin = bounds[yy * 2] - yFirst;
            int ymax = bounds[yy * 2 + 1];
            java.util.Arrays.fill(acc, HALF);
            // Row-at-a-time accumulation instead of Pillow's pixel-at-a-time loop: the same integer
            // sums in another order (exact), but streaming rows lets the JIT vectorise it.
            for (int y = 0; y < ymax; y++) {
                int k = kk[yy * ksize + y];
                int row = (ymin + y) * rowBytes;
                for (int i = 0; i < rowBytes; i++) {
                    acc[i] += (tmp[row + i] & 0xFF) * k;
                }
            }
            int o = dstOffset + yy * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                dst[o + i] = (byte) clip8(acc[i]);
            }
        }
    }
}
