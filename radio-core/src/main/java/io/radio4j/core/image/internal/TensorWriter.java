package io.radio4j.core.image.internal;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** Writes UINT8 HWC pixels into the three wire layouts. Stateless. */
public final class TensorWriter {

    /**
     * UINT8 to [0, 1] as the numpy reference computes it: {@code x.astype(float64) * (1/255)} then
     * cast to float32, so FP32 and FP16 outputs are bit-identical to the Python pipeline.
     */
    private static final float[] UNIT = new float[256];

    private static final short[] UNIT_FP16 = new short[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) (v * (1.0 / 255));
            UNIT_FP16[v] = Float.floatToFloat16(UNIT[v]);
        }
    }

    private TensorWriter() {}

    /** {@code hwc} as-is, at the buffer's position, which advances. */
    public static void uint8Hwc(byte[] hwc, int offset, int length, ByteBuffer out) {
        out.put(hwc, offset, length);
    }

    /** HWC bytes to CHW FP32 in [0, 1], at the buffer's position, which advances. */
    public static void float32Chw(byte[] hwc, int offset, int height, int width, FloatBuffer out) {
        int plane = height * width;
        int base = out.position();
        if (out.hasArray()) {
            float[] a = out.array();
            int start = out.arrayOffset() + base;
            for (int c = 0; c < 3; c++) {
                int o = start + c * plane;
                for (int i = 0, p = offset + c; i < plane; i++, p += 3) {
                    a[o + i] = UNIT[hwc[p] & 0xFF];
                }
            }
        } else {
            for (int c = 0; c < 3; c++) {
                int o = base + c * plane;
                for (int i = 0, p = offset + c; i < plane; i++, p += 3) {
                    out.put(o + i, UNIT[hwc[p] & 0xFF]);
                }
            }
        }
        out.position(base + 3 * plane);
    }

    /** HWC bytes to CHW FP16 bits in [0, 1], at the buffer's position, which advances. */
    public static void float16Chw(byte[] hwc, int offset, int height, int width, ShortBuffer out) {
        int plane = height * width;
        int base = out.position();
        for (int c = 0; c < 3; c++) {
            int o = base + c * plane;
            for (int i = 0, p = offset + c; i < plane; i++, p += 3) {
                out.put(o + i, UNIT_FP16[hwc[p] & 0xFF]);
            }
        }
        out.position(base + 3 * plane);
    }

    /** The FP32 value of a UINT8 sample, as written by {@link #float32Chw}. */
    public static float unit(int v) {
        return UNIT[v & 0xFF];
    }
}
