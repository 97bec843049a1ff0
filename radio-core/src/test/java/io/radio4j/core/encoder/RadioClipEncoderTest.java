package io.radio4j.core.encoder;

import static io.radio4j.core.encoder.CRadioEncoderTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.testing.Goldens;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RadioClipEncoderTest {

    static List<InferenceBackend> backends() {
        return TinyRepo.both();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("backends")
    void should_match_the_pytorch_goldens_for_texts_and_images(InferenceBackend backend) {
        try (RadioClipEncoder clip = RadioClipEncoder.builder().backend(backend).build()) {
            assertThat(clip.dimension()).isEqualTo(32);
            JsonObject text = Goldens.cases("radio_clip_text").get(0).getAsJsonObject();
            List<String> texts = text.getAsJsonArray("texts").asList().stream()
                    .map(JsonElement::getAsString)
                    .toList();
            List<float[]> embeddings = clip.embedTexts(texts);
            float[] golden = Goldens.data(text, "embedding");
            for (int i = 0; i < texts.size(); i++) {
                assertClose(embeddings.get(i), Arrays.copyOfRange(golden, i * 32, (i + 1) * 32));
                assertClose(clip.embedText(texts.get(i)), embeddings.get(i));
            }
            JsonObject vision = Goldens.cases("radio_clip_vision").get(0).getAsJsonObject();
            List<float[]> images = clip.embedImagesOfPreprocessed(Goldens.images(vision));
            float[] goldenImages = Goldens.data(vision, "embedding");
            for (int i = 0; i < images.size(); i++) {
                assertClose(images.get(i), Arrays.copyOfRange(goldenImages, i * 32, (i + 1) * 32));
            }
        }
    }

    @Test
    void should_give_identical_answers_through_triton_protocol_and_in_process() {
        try (RadioClipEncoder local =
                        RadioClipEncoder.builder().backend(TinyRepo.backend()).build();
                RadioClipEncoder remote =
                        RadioClipEncoder.builder().backend(TinyRepo.remote()).build()) {
            byte[] png = TestImages.gradient(200, 300, 4);
            assertThat(remote.embedImage(png)).containsExactly(local.embedImage(png));
            assertThat(remote.embedText("a purple ring")).containsExactly(local.embedText("a purple ring"));
        }
    }

    @Test
    void should_embed_into_one_normalised_space_and_score() {
        try (RadioClipEncoder clip =
                RadioClipEncoder.builder().backend(TinyRepo.backend()).build()) {
            float[] text = clip.embedText("a red circle");
            float[] image = clip.embedImage(TestImages.gradient(320, 240, 1));
            assertThat(norm(text)).isCloseTo(1.0, within(1e-5));
            assertThat(norm(image)).isCloseTo(1.0, within(1e-5));
            double cosine = RadioClipEncoder.score(image, text);
            double dot = 0;
            for (int i = 0; i < 32; i++) {
                dot += image[i] * text[i];
            }
            assertThat(cosine).isCloseTo(dot, within(1e-5));
            assertThat(RadioClipEncoder.score(text, text)).isCloseTo(1.0, within(1e-6));
            // The values written in the tiny text model's config.pbtxt, read here independently.
            double scale = configParameter("logit_scale");
            double bias = configParameter("logit_bias");
            assertThat(clip.calibration()).isPresent();
            double expected = 1 / (1 + Math.exp(-(Math.exp(scale) * cosine + bias)));
            assertThat(clip.probability(image, text)).isCloseTo(expected, within(1e-6));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("backends")
    void should_match_a_photo_of_a_coloured_square_to_its_caption(InferenceBackend backend) {
        // The tiny towers were trained on coloured shapes; this runs the whole user path on them:
        // PNG bytes, center crop, tokenizer, both towers, cosine and SigLIP probability.
        List<String> colours = List.of("red", "green", "blue", "yellow", "white", "black", "orange", "purple");
        int[][] rgb = {{220, 30, 30}, {30, 170, 50}, {30, 60, 220}, {240, 220, 30}};
        try (RadioClipEncoder clip = RadioClipEncoder.builder().backend(backend).build()) {
            List<float[]> captions = clip.embedTexts(colours.stream()
                    .map(c -> "A " + c.toUpperCase() + " square!")
                    .toList());
            for (int k = 0; k < rgb.length; k++) {
                float[] image = clip.embedImage(TestImages.squareOnGrey(600, 448, rgb[k][0], rgb[k][1], rgb[k][2]));
                int best = 0;
                for (int i = 1; i < captions.size(); i++) {
                    if (RadioClipEncoder.score(image, captions.get(i))
                            > RadioClipEncoder.score(image, captions.get(best))) {
                        best = i;
                    }
                }
                assertThat(colours.get(best)).isEqualTo(colours.get(k));
                double matching = clip.probability(image, captions.get(k));
                for (int i = 0; i < captions.size(); i++) {
                    if (i != k) {
                        assertThat(clip.probability(image, captions.get(i))).isLessThan(matching);
                    }
                }
            }
        }
    }

    @Test
    void should_split_long_lists_and_keep_order() {
        try (RadioClipEncoder clip =
                RadioClipEncoder.builder().backend(TinyRepo.backend()).build()) {
            List<String> texts = new ArrayList<>();
            String[] colours = {"red", "green", "blue", "yellow", "white"};
            for (int i = 0; i < 19; i++) {
                texts.add("a " + colours[i % 5] + " square number " + i);
            }
            List<float[]> batched = clip.embedTexts(texts);
            for (int i : new int[] {0, 8, 17, 18}) {
                assertThat(batched.get(i)).containsExactly(clip.embedText(texts.get(i)));
            }
        }
    }

    @Test
    void should_tokenize_and_embed_texts_from_many_threads_at_once() throws Exception {
        try (RadioClipEncoder clip =
                RadioClipEncoder.builder().backend(TinyRepo.backend()).build()) {
            List<String> texts = List.of("a red circle", "a green square", "the stripe is blue", "a small white ring");
            List<float[]> expected = clip.embedTexts(texts);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<List<float[]>>> futures = new ArrayList<>();
                for (int t = 0; t < 12; t++) {
                    futures.add(pool.submit(() -> clip.embedTexts(texts)));
                }
                for (var f : futures) {
                    List<float[]> got = f.get();
                    for (int i = 0; i < texts.size(); i++) {
                        assertThat(got.get(i)).containsExactly(expected.get(i));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void should_fail_empty_and_oversized_texts_alone() {
        try (RadioClipEncoder clip =
                RadioClipEncoder.builder().backend(TinyRepo.backend()).build()) {
            String huge = "x".repeat(100_000);
            assertThatThrownBy(() -> clip.embedText(""))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessage("text is empty");
            assertThatThrownBy(() -> clip.embedText(null))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessage("text is null");
            assertThatThrownBy(() -> clip.embedTexts(null))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessage("texts is null");
            assertThatThrownBy(() -> clip.embedImage((byte[]) null))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessage("image is null");
            assertThatThrownBy(() -> clip.embedText(huge))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessageContaining("limit is 8192");
            assertThatThrownBy(() -> clip.embedTexts(List.of("a cat", "", "a dog", huge)))
                    .isInstanceOfSatisfying(BatchException.class, e -> {
                        assertThat(e.failedIndices()).containsExactly(1, 3);
                        assertThat(e.isRetryable()).isFalse();
                        List<float[]> partial = e.partialResults();
                        assertThat(partial.get(0)).containsExactly(clip.embedText("a cat"));
                        assertThat(partial.get(2)).containsExactly(clip.embedText("a dog"));
                    });
        }
    }

    @Test
    void should_refuse_an_image_of_the_wrong_resolution() {
        try (RadioClipEncoder clip =
                RadioClipEncoder.builder().backend(TinyRepo.backend()).build()) {
            PreprocessedImage small = Goldens.patternImages(1, 112, 112, 0).getFirst();
            assertThatThrownBy(() -> clip.embedImage(small))
                    .isInstanceOf(RadioInputException.class)
                    .hasMessageContaining("112x112")
                    .hasMessageContaining("224 x 224");
        }
        assertThatThrownBy(() -> RadioClipEncoder.builder()
                        .backend(TinyRepo.backend())
                        .resolution(256, 256)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("256x256");
    }

    @Test
    void should_fail_on_start_without_a_tokenizer() {
        InferenceBackend noFiles = new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public Optional<byte[]> modelFile(String model, String fileName) {
                return Optional.empty();
            }
        };
        assertThatThrownBy(() -> RadioClipEncoder.builder().backend(noFiles).build())
                .isInstanceOf(RadioException.class)
                .hasMessageContaining("no tokenizer.json for model 'radio_clip_text'");
    }

    private static double configParameter(String key) {
        try {
            String config = java.nio.file.Files.readString(TinyRepo.path().resolve("radio_clip_text/config.pbtxt"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "key: \"" + key + "\"\\s*value: \\{\\s*string_value: \"([^\"]+)\"")
                    .matcher(config);
            assertThat(m.find()).as(key + " in config.pbtxt").isTrue();
            return Double.parseDouble(m.group(1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void should_refuse_snap16_on_the_fixed_size_vision_engine_when_built() {
        // The tiny vision tower takes only 224 x 224, as the real one does.
        assertThatThrownBy(() -> RadioClipEncoder.builder()
                        .backend(TinyRepo.backend())
                        .resizeMode(ResizeMode.SNAP16)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("SNAP16 gives image-dependent sizes")
                .hasMessageContaining("use SQUASH or CENTER_CROP");
    }
}
