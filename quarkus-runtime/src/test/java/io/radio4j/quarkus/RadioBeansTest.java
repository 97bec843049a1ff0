package io.radio4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.RadioSettings;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.langchain.RadioImageEmbeddingModel;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A minimal Quarkus application that only depends on this module gets every radio4j bean from radio4j.* config. */
@QuarkusTest
class RadioBeansTest {

    @Inject
    InferenceBackend backend;

    @Inject
    RadioClipEncoder clip;

    @Inject
    CRadioEncoder cradio;

    @Inject
    Radio1dEncoder radio1d;

    @Inject
    EmbeddingModel embeddingModel;

    @Inject
    RadioImageEmbeddingModel imageModel;

    @Inject
    RadioEncoders encoders;

    @Inject
    TestApplicationBeans application;

    @Inject
    Radio4jConfig config;

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, new Color(x * 5, y * 6, (x + y) * 2).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void should_default_to_the_embedded_tiny_models_through_the_application_wrapper() {
        assertThat(backend.description()).contains("classpath:radio4j/tiny");
        assertThat(application.wrapped.get()).isSameAs(backend);
    }

    @Test
    void should_map_the_keys_to_radio_core_settings_with_its_defaults() {
        RadioSettings defaultsButTextLimit = new RadioSettings(
                RadioSettings.Backend.DEFAULTS,
                new RadioSettings.Limits(
                        RadioSettings.Limits.DEFAULTS.maxItemsPerCall(),
                        100,
                        RadioSettings.Limits.DEFAULTS.maxImageBytes(),
                        RadioSettings.Limits.DEFAULTS.maxImagePixels()));
        assertThat(RadioBeans.settings(config)).isEqualTo(defaultsButTextLimit);
        assertThat(encoders.shared().settings()).isEqualTo(defaultsButTextLimit);
    }

    @Test
    void should_build_radio_clip_once_for_encoder_and_langchain4j_model() {
        RadioClipEmbeddingModel model = (RadioClipEmbeddingModel) ClientProxy.unwrap(embeddingModel);
        assertThat(model.encoder()).isSameAs(clip).isSameAs(encoders.clip());
        assertThat(embeddingModel.embed("a photo of a cat").content().vector())
                .containsExactly(clip.embedText("a photo of a cat"));
    }

    @Test
    void should_share_the_cradio_and_radio1d_encoders_of_the_registry() {
        assertThat(cradio)
                .isSameAs(encoders.cradio(
                        CRadioEncoder.DEFAULT_MODEL_NAME,
                        CRadioEncoder.DEFAULT_RESOLUTION,
                        CRadioEncoder.DEFAULT_RESOLUTION,
                        CRadioEncoder.DEFAULT_RESIZE_MODE));
        assertThat(radio1d)
                .isSameAs(encoders.radio1d(
                        Radio1dEncoder.DEFAULT_RESOLUTION,
                        Radio1dEncoder.DEFAULT_RESOLUTION,
                        Radio1dEncoder.DEFAULT_RESIZE_MODE));
    }

    @Test
    void should_apply_the_configured_limits() {
        String tooLong = "a".repeat(101);
        assertThatThrownBy(() -> clip.embedText(tooLong)).isInstanceOf(RadioInputException.class);
        assertThatThrownBy(() -> embeddingModel.embed(tooLong)).isInstanceOf(InvalidRequestException.class);
        assertThat(clip.embedText("a".repeat(100))).hasSize(clip.dimension());
    }

    @Test
    void should_embed_images_with_cradio_on_the_application_preprocessing_executor() throws IOException {
        int before = application.preprocessingTasks.get();
        ImageContent image = ImageContent.from(Base64.getEncoder().encodeToString(png()), "image/png");
        float[] vector = imageModel
                .embed(EmbeddingRequest.builder().input(image).build())
                .embeddings()
                .getFirst()
                .vector();
        assertThat(vector).hasSize(imageModel.dimension());
        assertThat(application.preprocessingTasks.get()).isGreaterThan(before);
    }
}
