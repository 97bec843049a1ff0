package io.radio4j.core.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIMD resizer against the scalar port at awkward sizes, and the coefficient rules. */
class ResizerTest {

    private static final int[] SIZES = {1, 2, 15, 16, 17, 223, 225};

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int inH : new int[] {1, 15, 17, 225}) {
            for (int inW : new int[] {1, 13, 207}) {
                for (int out : SIZES) {
                    b.add(Arguments.of(inH, inW, out, out + 1));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @MethodSource("shapes")
    void simd_should_equal_scalar_bit_for_bit(int inH, int inW, int outH, int outW) {
        ImageResizer simd = Resizers.best();
        assumeTrue(simd instanceof SimdResizer, "no SIMD resizer on this JVM/CPU");
        byte[] src = noise(inH * inW * 3, inH * 31 + inW);
        byte[] expected = new byte[outH * outW * 3];
        byte[] actual = new byte[outH * outW * 3];
        Resizers.scalar().resize(src, ResizeGeometry.full(inH, inW, outH, outW), expected, 0);
        simd.resize(src, ResizeGeometry.full(inH, inW, outH, outW), actual, 0);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void a_crop_window_should_equal_the_same_window_of_the_full_resize() {
        byte[] src = noise(300 * 451 * 3, 7);
        int outH = 224;
        int outW = 337;
        byte[] full = new byte[outH * outW * 3];
        Resizers.scalar().resize(src, ResizeGeometry.full(300, 451, outH, outW), full, 0);
        for (ImageResizer r : new ImageResizer[] {Resizers.scalar(), Resizers.best()}) {
            byte[] crop = new byte[224 * 224 * 3];
            r.resize(src, new ResizeGeometry(300, 451, outH, outW, 0, 56, 224, 224), crop, 0);
            for (int y = 0; y < 224; y++) {
                for (int i = 0; i < 224 * 3; i++) {
                    assertThat(crop[y * 224 * 3 + i]).isEqualTo(full[y * outW * 3 + 56 * 3 + i]);
                }
            }
        }
    }

    @Test
    void same_size_should_copy_and_skip_both_passes() {
        byte[] src = noise(17 * 23 * 3, 3);
        byte[] out = new byte[src.length];
        Resizers.best().resize(src, ResizeGeometry.full(17, 23, 17, 23), out, 0);
        assertThat(out).isEqualTo(src);
    }

    @Test
    void a_constant_image_should_stay_constant_at_any_scale() {
        byte[] src = new byte[40 * 60 * 3];
        java.util.Arrays.fill(src, (byte) 200);
        for (int out : SIZES) {
            byte[] dst = new byte[out * out * 3];
            Resizers.best().resize(src, ResizeGeometry.full(40, 60, out, out), dst, 0);
            for (byte v : dst) {
                assertThat(v & 0xFF).isEqualTo(200);
            }
        }
    }

    @Test
    void coefficients_should_sum_to_one_in_fixed_point_and_widen_when_shrinking() {
        ResampleCoefficients down = ResampleCoefficients.compute(1920, 224, 0, 224);
        ResampleCoefficients up = ResampleCoefficients.compute(100, 224, 0, 224);
        // support = 2 * max(scale, 1): ksize = ceil(support) * 2 + 1
        assertThat(down.ksize()).isEqualTo((int) Math.ceil(2.0 * 1920 / 224) * 2 + 1);
        assertThat(up.ksize()).isEqualTo(5);
        for (ResampleCoefficients c : new ResampleCoefficients[] {down, up}) {
            for (int i = 0; i < c.bounds().length / 2; i++) {
                long sum = 0;
                for (int x = 0; x < c.bounds()[2 * i + 1]; x++) {
                    sum += c.kk()[i * c.ksize() + x];
                }
                // each weight is rounded separately: the sum is 2^22 give or take the rounding
                assertThat(Math.abs(sum - (1 << 22))).isLessThanOrEqualTo(c.ksize());
            }
        }
    }

    @Test
    void bicubic_filter_should_have_keys_a_minus_half_values() {
        assertThat(ResampleCoefficients.bicubicFilter(0)).isEqualTo(1.0);
        assertThat(ResampleCoefficients.bicubicFilter(1)).isEqualTo(0.0);
        assertThat(ResampleCoefficients.bicubicFilter(2)).isEqualTo(0.0);
        // a = -0.5: W(0.5) = 0.5625, W(1.5) = -0.0625
        assertThat(ResampleCoefficients.bicubicFilter(0.5)).isEqualTo(0.5625);
        assertThat(ResampleCoefficients.bicubicFilter(-1.5)).isEqualTo(-0.0625);
    }

    @Test
    void clip8_should_clamp_the_shifted_accumulator() {
        assertThat(ResampleCoefficients.clip8(-1)).isZero();
        assertThat(ResampleCoefficients.clip8(255 << 22)).isEqualTo(255);
        assertThat(ResampleCoefficients.clip8(300 << 22)).isEqualTo(255);
        assertThat(ResampleCoefficients.clip8((17 << 22) + (1 << 21))).isEqualTo(17);
    }

    private static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
