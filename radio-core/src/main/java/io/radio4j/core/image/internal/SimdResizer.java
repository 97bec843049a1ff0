package io.radio4j.core.image.internal;

import static io.radio4j.core.image.internal.ResampleCoefficients.HALF;
import static io.radio4j.core.image.internal.ResampleCoefficients.PRECISION_BITS;
import static io.radio4j.core.image.internal.ResampleCoefficients.clip8;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pillow's bicubic resize kernels with the Vector API (the driver is {@link TwoPassResizer}),
 * byte-identical to {@link ScalarResizer}: the passes
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
 * <p>Refuses to construct where it would not pay (see {@link #unusableReason}).
 */
public final class SimdResizer extends TwoPassResizer {

    // Species must be static final constants: passed around as values they defeat intrinsification.
    private static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;
    private static final int LANES = INT.length();
    private static final VectorSpecies<Byte> BYTE =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, INT.vectorBitSize() / 4)));

    /**
     * @throws UnsupportedOperationException when SIMD would not pay on this JVM and CPU (see
     *     {@link #unusableReason}); {@link Resizers} then logs the reason and uses the scalar kernels
     */
    public SimdResizer() {
        String reason = unusableReason(LANES, BYTE.length(), c2Compiles());
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
    }

    /**
     * Why the kernels cannot run well here, or null when they can: the horizontal pass transposes
     * rows in blocks of 8, so the preferred vector must hold a multiple of 8 ints, and its byte
     * species as many lanes; without the C2 compiler the Vector API is interpreted or compiled
     * without intrinsics, far slower than the scalar kernels.
     */
    static String unusableReason(int intLanes, int byteLanes, boolean c2) {
        if (intLanes < 8 || intLanes % 8 != 0 || byteLanes != intLanes) {
            return "the preferred vector has " + intLanes + " int lanes (" + byteLanes
                    + " byte lanes); a multiple of 8 is needed";
        }
        if (!c2) {
            return "the JVM does not compile with C2 (-Xint or -XX:TieredStopAtLevel below 4), where the Vector API is slower than scalar code";
        }
        return null;
    }

    /** Whether HotSpot compiles hot code with C2; true when it cannot tell (another VM, no management module). */
    static boolean c2Compiles() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return true;
            }
            boolean compiles =
                    Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue());
            boolean tiered =
                    Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return compiles && (!tiered || stopAt >= 4);
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    @Override
    public String name() {
        return "simd (Vector API, " + INT.vectorBitSize() + "-bit, " + LANES + " int lanes)";
    }

    @Override
    void verticalPass(
            byte[] tmp, int yFirst, int rowBytes, ResampleCoefficients c, int outH, byte[] dst, int dstOffset) {
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

    @Override
    void horizontalPass(HorizontalPass pass, Scratch scratch) {
        int yFirst = pass.yFirst();
        int rows = pass.yEnd() - yFirst;
        int full = rows - rows % LANES;
        ResampleCoefficients c = pass.c();
        int[] bounds = c.bounds();
        int[] kk = c.kk();
        int ksize = c.ksize();
        int outW = pass.outW();
        byte[] out = pass.out();
        // strip[j * LANES + r] = byte colStart + j of source row (y + r): one tap of all LANES rows
        // is contiguous. Only the columns some output reads are moved (a crop reads fewer).
        int colStart = c.firstInput() * 3;
        int cols = c.endInput() * 3 - colStart;
        byte[] strip = scratch.strip(cols * LANES);
        byte[] lanes = new byte[LANES];
        // rows are transposed in blocks of 8: LANES is a multiple of 8 (checked in the constructor)
        for (int y = yFirst; y < yFirst + full; y += LANES) {
            transpose(pass.src(), pass.srcRow(y) + colStart, pass.srcW() * 3, cols, strip);
            int o0 = pass.outRow(y);
            for (int xx = 0; xx < outW; xx++) {
                int xmin = bounds[xx * 2];
                int xmax = bounds[xx * 2 + 1];
                int kBase = xx * ksize;
                for (int ch = 0; ch < 3; ch++) {
                    IntVector acc = IntVector.broadcast(INT, HALF);
                    int t = (xmin * 3 - colStart + ch) * LANES;
                    for (int x = 0; x < xmax; x++, t += 3 * LANES) {
                        IntVector v = (IntVector) ByteVector.fromArray(BYTE, strip, t)
                                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INT, 0);
                        acc = acc.add(v.mul(kk[kBase + x]));
                    }
                    clamp(acc)
                            .convertShape(VectorOperators.I2B, BYTE, 0)
                            .reinterpretAsBytes()
                            .intoArray(lanes, 0);
                    int o = o0 + xx * 3 + ch;
                    for (int r = 0; r < LANES; r++, o += outW * 3) {
                        out[o] = lanes[r];
                    }
                }
            }
        }
        if (full < rows) {
            ScalarResizer.horizontal(pass.from(yFirst + full));
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * strip[j * LANES + r] = src[from + r * rowBytes + j] for r < LANES, j < cols. A byte-by-byte copy with
     * stride LANES cost two thirds of the horizontal pass; this moves 8×8 byte blocks as eight
     * longs transposed with three mask-and-shift stages, about four times fewer operations.
     */
    static void transpose(byte[] src, int from, int rowBytes, int cols, byte[] strip) {
        int blocks = cols - cols % 8;
        for (int r0 = 0; r0 < LANES; r0 += 8) {
            int base = from + r0 * rowBytes;
            for (int j0 = 0; j0 < blocks; j0 += 8) {
                int at = base + j0;
                long x0 = (long) LONGS.get(src, at);
                long x1 = (long) LONGS.get(src, at + rowBytes);
                long x2 = (long) LONGS.get(src, at + 2 * rowBytes);
                long x3 = (long) LONGS.get(src, at + 3 * rowBytes);
                long x4 = (long) LONGS.get(src, at + 4 * rowBytes);
                long x5 = (long) LONGS.get(src, at + 5 * rowBytes);
                long x6 = (long) LONGS.get(src, at + 6 * rowBytes);
                long x7 = (long) LONGS.get(src, at + 7 * rowBytes);
                // Three butterfly stages, widest first. Each swaps, in every 2s-bit group, the high
                // s bits of row r with the low s bits of row r + 4, then interleaves the two halves
                // of the block (x0 x4 x1 x5 x2 x6 x3 x7), so that the next, narrower stage again
                // pairs rows four apart; three interleaves restore the row order. Each stage swaps
                // one bit of the row index with one of the byte index, so their order is free.
                long m = 0x00000000FFFFFFFFL;
                for (int s = 32; s >= 8; s >>>= 1, m ^= m << s) {
                    long t0 = ((x0 >>> s) ^ x4) & m;
                    long t1 = ((x1 >>> s) ^ x5) & m;
                    long t2 = ((x2 >>> s) ^ x6) & m;
                    long t3 = ((x3 >>> s) ^ x7) & m;
                    long y1 = x4 ^ t0;
                    long y2 = x1 ^ (t1 << s);
                    long y3 = x5 ^ t1;
                    long y4 = x2 ^ (t2 << s);
                    long y5 = x6 ^ t2;
                    long y6 = x3 ^ (t3 << s);
                    x0 ^= t0 << s;
                    x1 = y1;
                    x2 = y2;
                    x3 = y3;
                    x4 = y4;
                    x5 = y5;
                    x6 = y6;
                    x7 ^= t3;
                }
                // now x_k holds byte j0 + k of the eight rows, row r in byte r
                int o = j0 * LANES + r0;
                LONGS.set(strip, o, x0);
                LONGS.set(strip, o + LANES, x1);
                LONGS.set(strip, o + 2 * LANES, x2);
                LONGS.set(strip, o + 3 * LANES, x3);
                LONGS.set(strip, o + 4 * LANES, x4);
                LONGS.set(strip, o + 5 * LANES, x5);
                LONGS.set(strip, o + 6 * LANES, x6);
                LONGS.set(strip, o + 7 * LANES, x7);
            }
            for (int r = r0; r < r0 + 8; r++) { // scalar tail: the last rowBytes % 8 columns
                int s = from + r * rowBytes;
                for (int j = blocks; j < cols; j++) {
                    strip[j * LANES + r] = src[s + j];
                }
            }
        }
    }

    private static IntVector clamp(IntVector acc) {
        return acc.lanewise(VectorOperators.ASHR, PRECISION_BITS).max(0).min(255);
    }

    private static void store(IntVector acc, byte[] dst, int offset) {
        clamp(acc)
                .convertShape(VectorOperators.I2B, BYTE, 0)
                .reinterpretAsBytes()
                .intoArray(dst, offset);
    }
}
