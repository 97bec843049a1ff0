package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.testing.FixedImageBackend;
import io.radio4j.core.testing.Goldens;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CRadioEncoderTest {

    static List<InferenceBackend> backends() {
        return TinyRepo.both();
    }

    private static CRadioEncoder encoder(InferenceBackend backend) {
        return CRadioEncoder.builder().backend(backend).build();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("backends")
    void should_match_the_pytorch_goldens(InferenceBackend backend) {
        CRadioEncoder encoder = encoder(backend);
        for (JsonObject c : Goldens.objects(Goldens.cases("c_radio_v4_h"))) {
            List<PreprocessedImage> images = Goldens.images(c);
            List<float[]> summaries = encoder.summariesOfPreprocessed(images);
            List<SpatialFeatures> features = encoder.featuresOfPreprocessed(images);
            float[] goldenSummary = Goldens.data(c, "summary");
            float[] goldenFeatures = Goldens.data(c, "features");
            int per = goldenFeatures.length / images.size();
            for (int i = 0; i < images.size(); i++) {
                assertClose(summaries.get(i), java.util.Arrays.copyOfRange(goldenSummary, i * 128, (i + 1) * 128));
                SpatialFeatures f = features.get(i);
                assertThat(f.gridHeight()).isEqualTo(images.get(i).height() / 16);
                assertThat(f.gridWidth()).isEqualTo(images.get(i).width() / 16);
                assertThat(f.channels()).isEqualTo(64);
                assertClose(f.toNlcArray(), java.util.Arrays.copyOfRange(goldenFeatures, i * per, (i + 1) * per));
            }
        }
    }

    @Test
    void should_give_identical_answers_through_triton_protocol_and_in_process() {
        List<PreprocessedImage> images = Goldens.patternImages(3, 48, 64, 7);
        CRadioEncoder local = encoder(TinyRepo.backend());
        CRadioEncoder remote = encoder(TinyRepo.remote());
        List<float[]> a = local.summariesOfPreprocessed(images);
        List<float[]> b = remote.summariesOfPreprocessed(images);
        for (int i = 0; i < images.size(); i++) {
            assertThat(b.get(i)).containsExactly(a.get(i));
            assertThat(remote.features(images.get(i)).toNlcArray())
                    .containsExactly(local.features(images.get(i)).toNlcArray());
        }
    }

    @Test
    void should_return_both_outputs_of_one_inference_like_the_separate_calls() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.remote())
                .resolution(48, 64)
                .build();
        List<byte[]> images = List.of(TestImages.gradient(70, 50, 1), TestImages.gradient(30, 90, 2));
        List<CRadioOutput> both = encoder.encode(images);
        for (int i = 0; i < images.size(); i++) {
            assertThat(both.get(i).summary()).containsExactly(encoder.summary(images.get(i)));
            assertThat(both.get(i).features().toNlcArray())
                    .containsExactly(encoder.features(images.get(i)).toNlcArray());
        }
        assertThat(encoder.encode(images.getFirst()).summary())
                .containsExactly(both.getFirst().summary());
    }

    @Test
    void should_expose_nlc_and_nchw_views_of_a_non_square_grid() {
        SpatialFeatures f = encoder(TinyRepo.backend())
                .features(Goldens.patternImages(1, 80, 48, 1).getFirst());
        assertThat(f.gridHeight()).isEqualTo(5);
        assertThat(f.gridWidth()).isEqualTo(3);
        float[] nlc = f.toNlcArray();
        float[] nchw = f.nchw();
        int patches = 15;
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 3; col++) {
                for (int ch = 0; ch < 64; ch += 7) {
                    int p = row * 3 + col;
                    assertThat(f.get(row, col, ch)).isEqualTo(nlc[p * 64 + ch]);
                    assertThat(nchw[ch * patches + p]).isEqualTo(nlc[p * 64 + ch]);
                }
            }
        }
        assertThat(f.patch(4, 2)).containsExactly(java.util.Arrays.copyOfRange(nlc, 14 * 64, 15 * 64));
        assertThat(f.nlc().isReadOnly()).isTrue();
    }

    @Test
    void should_split_lists_larger_than_max_batch_size_and_keep_order() {
        CRadioEncoder encoder = encoder(TinyRepo.backend());
        List<PreprocessedImage> images = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            images.add(Goldens.patternImages(1, 32, 32, i).getFirst());
        }
        List<float[]> batched = encoder.summariesOfPreprocessed(images);
        assertThat(batched).hasSize(19);
        for (int i : new int[] {0, 7, 8, 15, 18}) {
            assertThat(batched.get(i)).containsExactly(encoder.summary(images.get(i)));
        }
        assertThat(batched.get(0)).isNotEqualTo(batched.get(1));
    }

    @Test
    void should_encode_image_files_resized_to_the_configured_resolution() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(32, 64)
                .build();
        byte[] png = TestImages.gradient(100, 60, 3);
        SpatialFeatures f = encoder.features(png);
        assertThat(f.gridHeight()).isEqualTo(2);
        assertThat(f.gridWidth()).isEqualTo(4);
        PreprocessedImage same = ImagePreprocessor.builder().build().preprocess(png, ResizeSpec.squash(32, 64));
        assertThat(encoder.summary(png)).containsExactly(encoder.summary(same));
    }

    @Test
    void should_keep_the_aspect_ratio_with_snap16_and_group_mixed_sizes() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(32, 32)
                .resizeMode(ResizeMode.SNAP16)
                .build();
        List<SpatialFeatures> f = encoder.features(List.of(
                TestImages.gradient(80, 40, 1), TestImages.gradient(40, 40, 2), TestImages.gradient(40, 80, 3)));
        assertThat(f).extracting(SpatialFeatures::gridHeight).containsExactly(2, 2, 4);
        assertThat(f).extracting(SpatialFeatures::gridWidth).containsExactly(4, 2, 2);
    }

    @Test
    void should_refuse_a_resolution_the_model_cannot_take() {
        CRadioEncoder encoder = encoder(TinyRepo.backend());
        assertThatThrownBy(() ->
                        encoder.summary(Goldens.patternImages(1, 40, 40, 0).getFirst()))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("40x40")
                .hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(TinyRepo.backend())
                        .resolution(100, 100)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("100x100");
    }

    @Test
    void should_fail_only_the_bad_items_of_a_list_and_keep_the_others() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(32, 32)
                .build();
        byte[] good = TestImages.gradient(32, 32, 1);
        byte[] corrupt = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        assertThatThrownBy(() -> encoder.summaries(List.of(good, corrupt, good, new byte[0])))
                .isInstanceOfSatisfying(BatchException.class, e -> {
                    assertThat(e.failedIndices()).containsExactly(1, 3);
                    assertThat(e.failures().get(1)).isInstanceOf(ImageException.class);
                    assertThat(e.failures().get(3)).isInstanceOf(ImageException.class);
                    List<float[]> partial = e.partialResults();
                    assertThat(partial.get(0)).hasSize(128).containsExactly(encoder.summary(good));
                    assertThat(partial.get(1)).isNull();
                    assertThat(partial.get(2)).containsExactly(partial.get(0));
                    assertThat(e.getMessage())
                            .contains("2 of 4 items failed")
                            .contains("[1]")
                            .contains("[3]");
                });
        assertThatThrownBy(() -> encoder.summary(corrupt)).isInstanceOf(ImageException.class);
    }

    @Test
    void should_refuse_a_list_over_the_configured_limit() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .maxItemsPerCall(3)
                .build();
        List<PreprocessedImage> four = Goldens.patternImages(4, 32, 32, 0);
        assertThatThrownBy(() -> encoder.summariesOfPreprocessed(four))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("4 items")
                .hasMessageContaining("limit is 3");
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(TinyRepo.backend())
                        .batchSize(9)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..8");
    }

    @Test
    void should_fail_on_start_when_the_model_lacks_an_output(@TempDir Path dir) {
        Path repo = RepoCopies.copyWithConfig(
                dir, "c_radio_v4_h", config -> config.replaceAll("(?s),\\s*\\{\\s*name: \"features\".*?\\}", ""));
        try (OnnxBackend backend = OnnxBackend.builder().repository(repo).build()) {
            assertThat(backend.modelMetadata("c_radio_v4_h").outputs()).hasSize(1);
            assertThatThrownBy(() -> CRadioEncoder.builder().backend(backend).build())
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("c_radio_v4_h")
                    .hasMessageContaining("no output 'features'");
        }
    }

    static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i])
                    .as("element %d", i)
                    .isCloseTo(expected[i], within(2e-5f + 1e-5f * Math.abs(expected[i])));
        }
    }

    @Test
    void should_refuse_snap16_on_a_fixed_size_engine_when_built() {
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(new FixedImageBackend(TinyRepo.backend(), 64, 64))
                        .resizeMode(ResizeMode.SNAP16)
                        .resolution(64, 64)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("SNAP16 gives image-dependent sizes")
                .hasMessageContaining("use SQUASH or CENTER_CROP");
    }
}
