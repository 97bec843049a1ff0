package io.radio4j.core.image.internal;

import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns the raw samples of a decoded raster into RGB the way Pillow 9.4's {@code convert("RGB")}
 * does for the mode Pillow would have opened the file in: alpha is dropped (never composited),
 * palettes are looked up, 16-bit colour keeps the high byte (Pillow unpacks {@code RGB;16B} and
 * {@code LA;16B} so), 16-bit gray opens as mode {@code I} and is clipped to 0..255
 * ({@code i2rgb}), and CMYK uses Pillow's {@code cmyk2rgb}.
 */
final class PillowConvert {

    private PillowConvert() {}

    /** Raw samples (palette indices, gray, RGB, with or without alpha) to RGB. */
    static RgbImage toRgb(Raster raster, ColorModel cm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        if (cm instanceof IndexColorModel icm) {
            int n = icm.getMapSize();
            byte[] r = new byte[256];
            byte[] g = new byte[256];
            byte[] b = new byte[256];
            icm.getReds(r);
            icm.getGreens(g);
            icm.getBlues(b);
            int[] idx = new int[w];
            int o = 0;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, idx);
                for (int x = 0; x < w; x++, o += 3) {
                    // An index past the palette reads as black, as an unset entry of Pillow's palette.
                    int i = idx[x] < n ? idx[x] & 0xFF : 0;
                    boolean valid = idx[x] < n;
                    out[o] = valid ? r[i] : 0;
                    out[o + 1] = valid ? g[i] : 0;
                    out[o + 2] = valid ? b[i] : 0;
                }
            }
            return new RgbImage(h, w, out);
        }
        if (cm instanceof DirectColorModel dcm) {
            int[] px = new int[w];
            int o = 0;
            for (int y = 0; y < h; y++) {
                raster.getDataElements(0, y, w, 1, px);
                for (int x = 0; x < w; x++, o += 3) {
                    out[o] = (byte) dcm.getRed(px[x]);
                    out[o + 1] = (byte) dcm.getGreen(px[x]);
                    out[o + 2] = (byte) dcm.getBlue(px[x]);
                }
            }
            return new RgbImage(h, w, out);
        }
        int bands = raster.getNumBands();
        int bits = cm.getComponentSize(0);
        if (bits == 8
                && raster.getDataBuffer() instanceof DataBufferByte db
                && raster.getSampleModel() instanceof ComponentSampleModel sm
                && bands >= 3
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            interleaved8(db.getData(), sm, w, h, out);
            return new RgbImage(h, w, out);
        }
        int[] s = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, s);
            for (int x = 0; x < w; x++, o += 3) {
                int base = x * bands;
                if (bands <= 2) {
                    int v = s[base];
                    int g;
                    if (bits == 16) {
                        // 1 band: Pillow mode "I" clipped by i2rgb; 2 bands: "LA;16B" keeps the high byte
                        g = bands == 1 ? Math.min(v, 255) : v >> 8;
                    } else {
                        g = v;
                    }
                    out[o] = out[o + 1] = out[o + 2] = (byte) g;
                } else {
                    int shift = bits == 16 ? 8 : 0;
                    out[o] = (byte) (s[base] >> shift);
                    out[o + 1] = (byte) (s[base + 1] >> shift);
                    out[o + 2] = (byte) (s[base + 2] >> shift);
                }
            }
        }
        return new RgbImage(h, w, out);
    }

    private static void interleaved8(byte[] data, ComponentSampleModel sm, int w, int h, byte[] out) {
        int[] offsets = sm.getBandOffsets();
        int[] banks = sm.getBankIndices();
        if (banks[0] != 0 || banks[1] != 0 || banks[2] != 0) {
            throw new IllegalStateException("banded raster");
        }
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int r = offsets[0];
        int g = offsets[1];
        int b = offsets[2];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = y * ss;
            for (int x = 0; x < w; x++, p += ps, o += 3) {
                out[o] = data[p + r];
                out[o + 1] = data[p + g];
                out[o + 2] = data[p + b];
            }
        }
    }

    /**
     * CMYK samples as libjpeg returns them for an Adobe JPEG to RGB: Pillow opens 4-component JPEGs
     * with raw mode {@code CMYK;I} (inverted, "assume adobe conventions") and converts with
     * {@code cmyk2rgb}: {@code nk = 255 - k; out = clip8(nk - MULDIV255(c, nk))}.
     */
    static RgbImage cmykToRgb(byte[] rawCmyk, int h, int w) {
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        for (int i = 0, o = 0; o < out.length; i += 4, o += 3) {
            int nk = rawCmyk[i + 3] & 0xFF; // 255 - (255 - raw k)
            out[o] = (byte) cmykChannel(255 - (rawCmyk[i] & 0xFF), nk);
            out[o + 1] = (byte) cmykChannel(255 - (rawCmyk[i + 1] & 0xFF), nk);
            out[o + 2] = (byte) cmykChannel(255 - (rawCmyk[i + 2] & 0xFF), nk);
        }
        return new RgbImage(h, w, out);
    }

    private static int cmykChannel(int c, int nk) {
        int tmp = c * nk + 128; // Pillow's MULDIV255
        int v = nk - (((tmp >> 8) + tmp) >> 8);
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /**
     * YCCK to CMYK in place, with libjpeg's {@code ycck_cmyk_convert} integer arithmetic (16-bit
     * fixed point tables from {@code build_ycc_rgb_table}), so the pure-Java path matches what
     * libjpeg-turbo hands Pillow.
     */
    static void ycckToCmyk(byte[] px) {
        final int scaleBits = 16;
        final int oneHalf = 1 << (scaleBits - 1);
        for (int i = 0; i < px.length; i += 4) {
            int y = px[i] & 0xFF;
            int cb = (px[i + 1] & 0xFF) - 128;
            int cr = (px[i + 2] & 0xFF) - 128;
            int crR = (fix(1.40200) * cr + oneHalf) >> scaleBits;
            int cbB = (fix(1.77200) * cb + oneHalf) >> scaleBits;
            int g = (-fix(0.34414) * cb + oneHalf + -fix(0.71414) * cr) >> scaleBits;
            px[i] = (byte) clamp(255 - (y + crR));
            px[i + 1] = (byte) clamp(255 - (y + g));
            px[i + 2] = (byte) clamp(255 - (y + cbB));
        }
    }

    private static int fix(double x) {
        return (int) (x * (1L << 16) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** Raw CMYK samples of a raster (4 bands, 8 bits) as a packed byte array. */
    static byte[] packCmyk(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 4)];
        int[] s = new int[w * 4];
        for (int y = 0, o = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, s);
            for (int i = 0; i < s.length; i++) {
                out[o++] = (byte) s[i];
            }
        }
        return out;
    }

    static boolean isByteData(Raster raster) {
        return raster.getTransferType() == DataBuffer.TYPE_BYTE;
    }
}
