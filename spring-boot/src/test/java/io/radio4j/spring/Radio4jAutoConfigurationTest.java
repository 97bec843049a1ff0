package io.radio4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import io.radio4j.core.RadioSettings;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.BackendInterceptor;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.encoder.SharedEncoders;
import io.radio4j.core.testing.TestImages;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.langchain.RadioImageEmbeddingModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The auto-configuration in application contexts of their own, on the tiny embedded models. */
class Radio4jAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Radio4jAutoConfiguration.class));

    private static ImageContent png(long seed) {
        return ImageContent.from(TestImages.base64(TestImages.blocks(48, 40, seed)), "image/png");
    }

    private static List<String> messages(Throwable t) {
        List<String> out = new java.util.ArrayList<>();
        for (; t != null; t = t.getCause()) {
            out.add(String.valueOf(t.getMessage()));
        }
        return out;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void should_embed_texts_and_images_on_the_embedded_tiny_models_by_default() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(InferenceBackend.class).description()).contains("classpath:radio4j/tiny");

            EmbeddingModel clip = context.getBean(EmbeddingModel.class);
            assertThat(clip).isInstanceOf(RadioClipEmbeddingModel.class);
            float[] text = clip.embed("a photo of a cat").content().vector();
            float[] image = clip.embed(EmbeddingRequest.builder().input(png(1)).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            RadioClipEncoder encoder = context.getBean(RadioClipEncoder.class);
            assertThat(text).hasSize(encoder.dimension()).containsExactly(encoder.embedText("a photo of a cat"));
            assertThat(image).hasSize(encoder.dimension());
            assertThat(clip.dimension()).isEqualTo(encoder.dimension());

            RadioImageEmbeddingModel summaries = context.getBean(RadioImageEmbeddingModel.class);
            float[] summary = summaries
                    .embed(EmbeddingRequest.builder().input(png(2)).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            assertThat(summary).hasSize(summaries.dimension());
            assertThat(summaries.dimension())
                    .isEqualTo(context.getBean(CRadioEncoder.class).summaryDimension());
        });
    }

    @Test
    void should_build_radio_clip_once_for_encoder_bean_registry_and_langchain4j_model() {
        runner.run(context -> {
            SharedEncoders encoders = context.getBean(SharedEncoders.class);
            RadioClipEmbeddingModel model = context.getBean(RadioClipEmbeddingModel.class);
            assertThat(model.encoder())
                    .isSameAs(context.getBean(RadioClipEncoder.class))
                    .isSameAs(encoders.clip());
            assertThat(context.getBean(CRadioEncoder.class)).isSameAs(encoders.cradio());
            assertThat(context.getBean(Radio1dEncoder.class)).isSameAs(encoders.radio1d());
            assertThat(encoders.backend()).isSameAs(context.getBean(InferenceBackend.class));
        });
    }

    @Test
    void should_bind_the_defaults_of_radio_core_settings() {
        runner.run(context ->
                assertThat(context.getBean(Radio4jProperties.class).settings()).isEqualTo(RadioSettings.DEFAULTS));
    }

    @Test
    void should_bind_every_key_under_the_names_of_the_quarkus_module(@TempDir Path dir) {
        runner.withPropertyValues(
                        "radio4j.backend.kind=triton",
                        "radio4j.backend.triton-addresses=gpu-1:8001,gpu-2:8001",
                        "radio4j.backend.repository=" + dir,
                        "radio4j.backend.triton-tls=true",
                        "radio4j.backend.triton-trusted-certificates=" + dir.resolve("ca.pem"),
                        "radio4j.backend.deadline=7s",
                        "radio4j.backend.max-reconnect-backoff=2s",
                        "radio4j.backend.embedded-concurrency=3",
                        "radio4j.limits.max-items-per-call=8",
                        "radio4j.limits.max-text-chars=100",
                        "radio4j.limits.max-image-bytes=1000",
                        "radio4j.limits.max-image-pixels=2000")
                // The backend itself is the application's: no Triton server here.
                .withBean(
                        InferenceBackend.class, () -> BackendSpec.embeddedTiny().create())
                .run(context -> {
                    RadioSettings settings =
                            context.getBean(Radio4jProperties.class).settings();
                    assertThat(settings)
                            .isEqualTo(new RadioSettings(
                                    new RadioSettings.Backend(
                                            BackendSpec.Kind.TRITON,
                                            dir,
                                            List.of("gpu-1:8001", "gpu-2:8001"),
                                            true,
                                            dir.resolve("ca.pem"),
                                            Duration.ofSeconds(7),
                                            Duration.ofSeconds(2),
                                            3),
                                    new RadioSettings.Limits(8, 100, 1000, 2000)));
                    assertThat(context.getBean(SharedEncoders.class).settings()).isEqualTo(settings);
                });
    }

    @Test
    void should_apply_the_configured_limits() {
        runner.withPropertyValues("radio4j.limits.max-text-chars=100").run(context -> {
            EmbeddingModel clip = context.getBean(EmbeddingModel.class);
            assertThatThrownBy(() -> clip.embed("a".repeat(101))).isInstanceOf(InvalidRequestException.class);
            assertThat(clip.embed("a".repeat(100)).content().vector()).hasSize(clip.dimension());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationBeans {
        final InferenceBackend backend = BackendSpec.embeddedTiny().create();
        final EmbeddingModel embeddingModel =
                RadioClipEmbeddingModel.builder().backend(backend).build();

        @Bean
        InferenceBackend myBackend() {
            return backend;
        }

        @Bean
        EmbeddingModel myEmbeddingModel() {
            return embeddingModel;
        }
    }

    @Test
    void should_step_aside_for_the_application_backend_and_embedding_model() {
        runner.withUserConfiguration(ApplicationBeans.class).run(context -> {
            ApplicationBeans application = context.getBean(ApplicationBeans.class);
            assertThat(context).getBeans(InferenceBackend.class).hasSize(1);
            assertThat(context.getBean(InferenceBackend.class)).isSameAs(application.backend);
            assertThat(context.getBean(SharedEncoders.class).backend()).isSameAs(application.backend);
            assertThat(context).doesNotHaveBean("radio4jClipEmbeddingModel");
            assertThat(context.getBean(EmbeddingModel.class))
                    .as("the image model is a fallback: EmbeddingModel stays the application's")
                    .isSameAs(application.embeddingModel);
            assertThat(context).hasSingleBean(RadioImageEmbeddingModel.class);
        });
    }

    @Test
    void should_step_aside_for_the_application_image_model_only() {
        RadioImageEmbeddingModel mine = RadioImageEmbeddingModel.builder()
                .embeddedTinyRepository()
                .resolution(256, 256)
                .build();
        runner.withBean(RadioImageEmbeddingModel.class, () -> mine).run(context -> {
            assertThat(context.getBean(RadioImageEmbeddingModel.class)).isSameAs(mine);
            assertThat(context).doesNotHaveBean("radio4jImageEmbeddingModel");
            assertThat(context).hasSingleBean(RadioClipEmbeddingModel.class);
        });
        mine.close();
    }

    @Configuration(proxyBeanMethods = false)
    static class Interceptors {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger preprocessingTasks = new AtomicInteger();

        @Bean
        @Order(2)
        BackendInterceptor inner() {
            return chain -> {
                calls.add("inner");
                return chain.proceed(chain.request());
            };
        }

        @Bean
        @Order(1)
        BackendInterceptor outer() {
            return chain -> {
                calls.add("outer");
                return chain.proceed(chain.request());
            };
        }

        @Bean
        @RadioPreprocessing
        Executor preprocessing() {
            return task -> {
                preprocessingTasks.incrementAndGet();
                task.run();
            };
        }

        @Bean
        Executor someOtherExecutor() {
            return task -> {
                throw new AssertionError("not the preprocessing executor");
            };
        }
    }

    @Test
    void should_run_calls_through_the_application_interceptors_in_order_and_preprocess_on_its_executor() {
        runner.withUserConfiguration(Interceptors.class).run(context -> {
            Interceptors application = context.getBean(Interceptors.class);
            InferenceBackend backend = context.getBean(InferenceBackend.class);
            assertThat(backend).isInstanceOf(BackendChain.class);
            assertThat(((BackendChain) backend).interceptors())
                    .containsExactly(
                            context.getBean("outer", BackendInterceptor.class),
                            context.getBean("inner", BackendInterceptor.class));

            RadioImageEmbeddingModel model = context.getBean(RadioImageEmbeddingModel.class);
            model.embed(EmbeddingRequest.builder().input(png(3)).build());
            assertThat(String.join(",", application.calls))
                    .as("every call passes outer, then inner")
                    .matches("outer,inner(,outer,inner)*");
            assertThat(application.preprocessingTasks.get()).isPositive();
        });
    }

    @Test
    void should_close_the_backend_with_the_context() {
        InferenceBackend[] backend = new InferenceBackend[1];
        runner.run(context -> {
            backend[0] = context.getBean(InferenceBackend.class);
            assertThat(backend[0].isReady()).isTrue();
        });
        assertThat(backend[0].isReady()).as("closed with the context").isFalse();
    }

    @Test
    void should_fail_on_an_unknown_backend_kind_naming_the_key() {
        runner.withPropertyValues("radio4j.backend.kind=gpu").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .anySatisfy(m -> assertThat(m).contains("radio4j.backend.kind"));
            assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("gpu");
        });
    }

    @Test
    void should_fail_on_non_positive_limits_and_durations_naming_the_key() {
        for (String bad : List.of(
                "radio4j.limits.max-items-per-call=0",
                "radio4j.limits.max-text-chars=-1",
                "radio4j.limits.max-image-bytes=0",
                "radio4j.limits.max-image-pixels=0",
                "radio4j.backend.deadline=0s",
                "radio4j.backend.max-reconnect-backoff=-1s",
                "radio4j.backend.embedded-concurrency=0")) {
            String key = bad.substring(0, bad.indexOf('='));
            runner.withPropertyValues(bad).run(context -> {
                assertThat(context).as(bad).hasFailed();
                assertThat(rootCause(context.getStartupFailure()))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(key + " must be");
            });
        }
    }

    @Test
    void should_fail_on_triton_without_addresses_naming_the_missing_key() {
        runner.withPropertyValues("radio4j.backend.kind=triton").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("radio4j.backend.triton-addresses");
        });
    }
}
