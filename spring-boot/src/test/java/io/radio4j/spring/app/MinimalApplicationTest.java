package io.radio4j.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with nothing of its own gets the radio4j beans: Spring Boot finds the
 * auto-configuration through the jar's AutoConfiguration.imports file, as in a user's application.
 */
class MinimalApplicationTest {

    @SpringBootApplication
    static class Application {}

    @Test
    void should_pick_up_the_auto_configuration_and_embed_text() {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        InferenceBackend backend;
        try (ConfigurableApplicationContext context = application.run("--radio4j.limits.max-text-chars=100")) {
            backend = context.getBean(InferenceBackend.class);
            assertThat(backend.description()).contains("classpath:radio4j/tiny");
            EmbeddingModel clip = context.getBean(EmbeddingModel.class);
            assertThat(clip).isInstanceOf(RadioClipEmbeddingModel.class);
            assertThat(clip.embed("a photo of a cat").content().vector()).hasSize(clip.dimension());
            assertThat(context.getEnvironment().getProperty("radio4j.limits.max-text-chars"))
                    .isEqualTo("100");
        }
        assertThat(backend.isReady()).isFalse();
    }
}
