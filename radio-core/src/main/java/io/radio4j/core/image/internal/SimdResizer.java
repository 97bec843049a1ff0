package io.radio4j.core.image.internal;

import static io.radio4j.core.image.internal.ResampleCoefficients.HALF;
import static io.radio4j.core.image.internal.ResampleCoefficients.PRECISION_BITS;
import static io.radio4j.core.image.internal.ResampleCoefficients.clip8;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pillow's bicubic resize with the Vector API, byte-identical to {@link ScalarResizer}: the passes
 * are pure int32 fixed-point sums, so evaluating them in another order or many lanes at once gives
 * the same bits.
 *
 * <ul>
 *   <li>Vertical pass: lanes run along the output row (contiguous bytes of the intermediate).
 *   <li>Horizontal pass: lanes run across {@code LANES} source rows at once. The rows are first
 *       transposed into a strip where one column's samples of those rows are contiguous, so every
 *       tap is one contiguous load and one multiply-add for all rows; windows differ per output
 *       column, which rules out lanes along the row without gathers.
 * </ul>
 *
 * <p>Refuses to construct when the preferred vector holds fewer than 8 ints (no useful SIMD).
 */
public final class SimdResizer implements ImageResizer {

    // Species must be static final constants: passed around as values they defeat intrinsification.
    private static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;
    private static final int LANES = INT.length();
    private static final VectorSpecies<Byte> BYTE =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, INT.vectorBitSize() / 4)));

    public SimdResizer() {
        if (LANES < 8 || BYTE.length() != LANES) {
            throw new UnsupportedOperationException("preferred vector has " + LANES + " int lanes");
        }
    }

    @Override
    public String name() {
        return "simd (Vector API, " + INT.vectorBitSize() + "-bit, " + LANES + " int lanes)";
    }

    @Override
    public void resize(byte[] src, int srcH, int srcW, int outH, int outW,
                       int top, int left, int cropH, int cropW, byte[] dst, int dstOffset) {
        boolean needHorizontal = outW != srcW;
        boolean needVertical = outH != srcH;
        ResampleCoefficients vert = needVertical ? ResampleCoefficients.compute(srcH, outH, top, cropH) : null;
        int yFirst = needVertical ? vert.firstInput() : top;
        int yEnd = needVertical ? vert.endInput() : top + cropH;
        int rowBytes = cropW * 3;
        byte[] tmp = needVertical ? new byte[(yEnd - yFirst) * rowBytes] : dst;
        int tmpOffset = needVertical ? 0 : dstOffset;
        if (needHorizontal) {
            horizontal(src, srcW, yFirst, yEnd, ResampleCoefficients.compute(srcW, outW, left, cropW), tmp, tmpOffset, cropW);
        } else {
            for (int y = yFirst; y < yEnd; y++) {
                System.arraycopy(src, (y * srcW + left) * 3, tmp, tmpOffset + (y - yFirst) * rowBytes, rowBytes);
            }
        }
        if (needVertical) {
            vertical(tmp, yFirst, rowBytes, vert, cropH, dst, dstOffset);
        }
    }

    static void vertical(byte[] tmp, int yFirst, int rowBytes, ResampleCoefficients c, int outH,
                         byte[] dst, int dstOffset) {
        int[] bounds = c.bounds();
        int[] kk = c.kk();
        int ksize = c.ksize();
        int bound = rowBytes - rowBytes % LANES; // loopBound; the tail is scalar
        for (int yy = 0; yy < outH; yy++) {
            int ymin = bounds[yy * 2] - yFirst;
            int ymax = bounds[yy * 2 + 1];
            int kBase = yy * ksize;
            int o = dstOffset + yy * rowBytes;
            for (int i = 0; i < bound; i += LANES) {
                IntVector acc = IntVector.broadcast(INT, HALF);
                for (int y = 0; y < ymax; y++) {
                    IntVector v = (IntVector) ByteVector.fromArray(BYTE, tmp, (ymin + y) * rowBytes + i)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, INT, 0);
                    acc = acc.add(v.mul(kk[kBase + y]));
                }
                store(acc, dst, o + i);
            }
            for (int i = bound; i < rowBytes; i++) {
                int ss = HALF;
                for (int y = 0; y < ymax; y++) {
                    ss += (tmp[(ymin + y) * rowBytes + i] & 0xFF) * kk[kBase + y];
                }
                dst[o + i] = (byte) clip8(ss);
            }
        }
    }

    static void horizontal(byte[] src, int srcW, int yFirst, int yEnd, ResampleCoefficients c,
                           byte[] out, int outOffset, int outW) {
        int rows = yEnd - yFirst;
        int full = rows - rows % LANES;
        int srcRowBytes = srcW * 3;
        int[] bounds = c.bounds();
        int[] kk = c.kk();
        int ksize = c.ksize();
        // strip[j * LANES + r] = byte j of source row (y + r): one tap of all LANES rows is contiguous.
        byte[] strip = new byte[srcRowBytes * LANES];
        byte[] lanes = new byte[LANES];
        for (int y = yFirst; y < yFirst + full; y += LANES) {
            for (int r = 0; r < LANES; r++) {
                int s = (y + r) * srcRowBytes;
                for (int j = 0, t = r; j < srcRowBytes; j++, t += LANES) {
                    strip[t] = src[s + j];
                }
            }
            int o0 = outOffset + (y - yFirst) * outW * 3;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = bounds[xx * 2];
                int xmax = bounds[xx * 2 + 1];
                int kBase = xx * ksize;
                for (int ch = 0; ch < 3; ch++) {
                    IntVector acc = IntVector.broadcast(INT, HALF);
                    int t = (xmin * 3 + ch) * LANES;
                    for (int x = 0; x < xmax; x++, t += 3 * LANES) {
                        IntVector v = (IntVector) ByteVector.fromArray(BYTE, strip, t)
                                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INT, 0);
                        acc = acc.add(v.mul(kk[kBase + x]));
                    }
                    clamp(acc).convertShape(VectorOperators.I2B, BYTE, 0).reinterpretAsBytes().intoArray(lanes, 0);
                    int o = o0 + xx * 3 + ch;
                    for (int r = 0; r < LANES; r++, o += outW * 3) {
                        out[o] = lanes[r];
                    }
                }
            }
        }
        if (full < rows) {
            ScalarResizer.horizontal(src, srcW, yFirst + full, yEnd, c, out,
                    outOffset + full * outW * 3, outW);
        }
    }

    private static IntVector clamp(IntVector acc) {
        return acc.lanewise(VectorOperators.ASHR, PRECISION_BITS).max(0).min(255);
    }

    private static void store(IntVector acc, byte[] dst, int offset) {
        clamp(acc).convertShape(VectorOperators.I2B, BYTE, 0).reinterpretAsBytes().intoArray(dst, offset);
    }
}
