package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.testing.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The settings both embedding models share: null means the default, and both refuse bad values alike. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RadioEmbeddingModelBuilderTest {

    private OnnxBackend backend;

    @BeforeAll
    void start() {
        backend = OnnxBackend.tiny();
    }

    @AfterAll
    void stop() {
        backend.close();
    }

    @Test
    void null_settings_should_take_the_documented_defaults() {
        try (RadioImageEmbeddingModel image = RadioImageEmbeddingModel.builder()
                        .backend(backend)
                        .resolution(64, 64)
                        .modelName(null)
                        .resizeMode(null)
                        .timeout(null)
                        .maxRetries(null)
                        .maxItemsPerCall(null)
                        .maxImageBytes(null)
                        .batchSize(null)
                        .preprocessor(null)
                        .executor(null)
                        .logger(null)
                        .listeners(null)
                        .build();
                RadioClipEmbeddingModel clip = RadioClipEmbeddingModel.builder()
                        .backend(backend)
                        .visionModelName(null)
                        .textModelName(null)
                        .resizeMode(null)
                        .maxTextChars(null)
                        .build()) {
            assertThat(image.modelName()).isEqualTo(RadioImageEmbeddingModel.DEFAULT_MODEL_NAME);
            assertThat(image.encoder().resizeSpec().mode()).isEqualTo(RadioImageEmbeddingModel.DEFAULT_RESIZE_MODE);
            assertThat(image.listeners()).isEmpty();
            assertThat(clip.modelName()).isEqualTo(RadioClipEmbeddingModel.DEFAULT_VISION_MODEL_NAME);
            assertThat(clip.textModelName()).isEqualTo(RadioClipEmbeddingModel.DEFAULT_TEXT_MODEL_NAME);
        }
    }

    @Test
    void both_models_should_refuse_max_items_per_call_below_one_before_touching_the_backend() {
        // The embedded backend would be created (and leaked) if the value were checked after it.
        assertThatThrownBy(() -> RadioImageEmbeddingModel.builder()
                        .embeddedTinyRepository()
                        .maxItemsPerCall(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxItemsPerCall");
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .embeddedTinyRepository()
                        .maxItemsPerCall(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxItemsPerCall");
    }

    @Test
    void the_image_limit_should_have_one_name_in_both_models() {
        ImageContent big = ImageContent.from(TestImages.base64(TestImages.blocks(90, 70, 3)), "image/png");
        EmbeddingRequest request = EmbeddingRequest.builder().input(big).build();
        try (RadioImageEmbeddingModel image = RadioImageEmbeddingModel.builder()
                        .backend(backend)
                        .resolution(64, 64)
                        .maxImageBytes(100L)
                        .build();
                RadioClipEmbeddingModel clip = RadioClipEmbeddingModel.builder()
                        .backend(backend)
                        .maxImageBytes(100L)
                        .build()) {
            assertThatThrownBy(() -> image.embed(request))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("maxImageBytes");
            assertThatThrownBy(() -> clip.embed(request))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("maxImageBytes");
        }
    }

    @Test
    void shared_settings_should_reach_the_encoder() {
        try (RadioImageEmbeddingModel image = RadioImageEmbeddingModel.builder()
                .backend(backend)
                .resolution(64, 64)
                .resizeMode(ResizeMode.CENTER_CROP)
                .timeout(Duration.ofSeconds(5))
                .build()) {
            assertThat(image.encoder().resizeSpec().mode()).isEqualTo(ResizeMode.CENTER_CROP);
        }
    }
}
