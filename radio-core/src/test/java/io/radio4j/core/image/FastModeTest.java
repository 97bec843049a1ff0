package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.radio4j.core.image.Corpus.Golden;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** FAST against EXACT: the stated bound is PSNR ≥ 40 dB on every corpus case and mode. */
class FastModeTest {

    static final double MIN_PSNR_DB = 40.0;
    private static final ImagePreprocessor NATIVE = ImagePreprocessor.builder().build();
    private static final ImagePreprocessor JAVA =
            ImagePreprocessor.builder().nativeJpeg(false).build();

    static Stream<Golden> resized() {
        return Corpus.goldens().stream().filter(g -> !g.mode().equals("decode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resized")
    void fast_should_stay_within_40_db_of_exact(Golden golden) {
        assumeTrue(NATIVE.nativeJpegActive(), "libturbojpeg is not installed");
        byte[] data = Corpus.file(golden.file());
        PreprocessedImage exact = NATIVE.preprocess(data, golden.spec(), SpeedMode.EXACT);
        PreprocessedImage fast = NATIVE.preprocess(data, golden.spec(), SpeedMode.FAST);
        assertThat(fast.height()).isEqualTo(exact.height());
        assertThat(fast.width()).isEqualTo(exact.width());
        assertThat(Corpus.psnr(fast.pixels(), exact.pixels())).isGreaterThanOrEqualTo(MIN_PSNR_DB);
    }

    @Test
    void fast_should_actually_take_the_dct_scaled_path_for_a_large_jpeg() {
        assumeTrue(NATIVE.nativeJpegActive(), "libturbojpeg is not installed");
        byte[] data = Corpus.file("jpeg_large_1920x1080.jpg");
        PreprocessedImage exact = NATIVE.preprocess(data, ResizeSpec.centerCrop(224), SpeedMode.EXACT);
        PreprocessedImage fast = NATIVE.preprocess(data, ResizeSpec.centerCrop(224), SpeedMode.FAST);
        // Identical bytes would mean FAST silently decoded at full size.
        assertThat(fast.pixels()).isNotEqualTo(exact.pixels());
    }

    @Test
    void fast_without_native_decoding_should_fall_back_to_exact() {
        byte[] data = Corpus.file("jpeg_large_1920x1080.jpg");
        PreprocessedImage exact = JAVA.preprocess(data, ResizeSpec.squash(224, 224), SpeedMode.EXACT);
        PreprocessedImage fast = JAVA.preprocess(data, ResizeSpec.squash(224, 224), SpeedMode.FAST);
        assertThat(fast.pixels()).isEqualTo(exact.pixels());
    }
}
