package io.radio4j.core.image.internal;

/**
 * Bicubic resampling windows and fixed-point weights for one axis, computed exactly as Pillow 9.4's
 * {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} in {@code src/libImaging/Resample.c}
 * do (names kept), for a contiguous range of output positions so a crop computes only what it keeps.
 *
 * @param bounds per output position {@code xmin, xcount} (the window start and length in the input)
 * @param kk per output position {@code ksize} fixed-point weights, {@link #PRECISION_BITS} bits
 * @param ksize the stride of {@code kk}: the largest possible window
 */
record ResampleCoefficients(int[] bounds, int[] kk, int ksize) {

    /** Fixed-point precision of the 8-bit path (Pillow: {@code PRECISION_BITS = 32 - 8 - 2}). */
    static final int PRECISION_BITS = 32 - 8 - 2;
    /** Initial accumulator: rounds the final right shift half up. */
    static final int HALF = 1 << (PRECISION_BITS - 1);

    private static final double BICUBIC_SUPPORT = 2.0;

    /**
     * Coefficients for resizing {@code inSize} to {@code outSize}, for the output positions
     * {@code first .. first + count - 1}.
     */
    static ResampleCoefficients compute(int inSize, int outSize, int first, int count) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = BICUBIC_SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[count * 2];
        int[] kk = new int[count * ksize];
        double[] k = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int i = 0; i < count; i++) {
            int xx = first + i;
            double center = (xx + 0.5) * scale;
            double ww = 0.0;
            // Pillow rounds with (int)(v + 0.5): truncation toward zero, as a Java int cast does.
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            for (int x = 0; x < xmax; x++) {
                double w = bicubicFilter((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                if (ww != 0.0) {
                    k[x] /= ww;
                }
                // normalize_coeffs_8bpc: round half away from zero into fixed point.
                kk[i * ksize + x] = k[x] < 0
                        ? (int) (-0.5 + k[x] * (1 << PRECISION_BITS))
                        : (int) (0.5 + k[x] * (1 << PRECISION_BITS));
            }
            bounds[i * 2] = xmin;
            bounds[i * 2 + 1] = xmax;
        }
        return new ResampleCoefficients(bounds, kk, ksize);
    }

    /** Pillow's {@code bicubic_filter}: Keys' cubic convolution with a = -0.5. */
    static double bicubicFilter(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Pillow's {@code clip8}: the accumulator shifted down and clamped to 0..255. */
    static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** First input position any output position of this range reads. */
    int firstInput() {
        return bounds[0];
    }

    /** One past the last input position the last output position reads. */
    int endInput() {
        return bounds[bounds.length - 2] + bounds[bounds.length - 1];
    }
}
