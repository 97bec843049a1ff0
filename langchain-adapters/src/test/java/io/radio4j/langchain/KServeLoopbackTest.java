package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Triton path of the builders ({@code tritonTarget} + {@code localRepository}) over real KServe v2
 * gRPC on loopback: radio-core's KServe server fronts the embedded tiny models, as a Triton server
 * would. Answers must equal the in-process ones; transport errors must map to LangChain4j types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeLoopbackTest {

    /** The tiny repository on disk; the tests run from the module folder. */
    private static final Path TINY =
            Path.of("..", "triton-model-repo", "tiny").toAbsolutePath().normalize();

    private OnnxBackend backend;
    private KServeServer server;

    @BeforeAll
    void start() {
        assertThat(Files.isDirectory(TINY)).as("tiny repository at %s", TINY).isTrue();
        backend = OnnxBackend.tiny();
        server = KServeServer.builder().backend(backend).port(0).build().start();
    }

    @AfterAll
    void stop() {
        server.close();
        backend.close();
    }

    private String target() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void should_embed_texts_and_images_over_grpc_as_in_process() {
        ImageContent image = ImageContent.from(TestImages.base64(TestImages.blocks(70, 50, 3)), "image/png");
        try (RadioClipEmbeddingModel remote = RadioClipEmbeddingModel.builder()
                        .tritonTarget(target())
                        .localRepository(TINY)
                        .build();
                RadioClipEmbeddingModel local =
                        RadioClipEmbeddingModel.builder().backend(backend).build()) {
            assertThat(remote.dimension()).isEqualTo(local.dimension());
            assertThat(remote.embed("a cat").content().vector())
                    .containsExactly(local.embed("a cat").content().vector(), within(1e-6f));
            assertThat(remote.embed(EmbeddingRequest.builder().input(image).build())
                            .embeddings()
                            .getFirst()
                            .vector())
                    .containsExactly(
                            local.embed(EmbeddingRequest.builder().input(image).build())
                                    .embeddings()
                                    .getFirst()
                                    .vector(),
                            within(1e-6f));
        }
        try (RadioImageEmbeddingModel remote = RadioImageEmbeddingModel.builder()
                .tritonTargets(java.util.List.of(target(), target()))
                .resolution(64, 64)
                .build()) {
            assertThat(remote.embed(EmbeddingRequest.builder().input(image).build())
                            .embeddings()
                            .getFirst()
                            .dimension())
                    .isEqualTo(remote.dimension());
        }
    }

    @Test
    void should_map_an_unknown_model_to_model_not_found() {
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .tritonTarget(target())
                        .localRepository(TINY)
                        .visionModelName("no_such_model")
                        .build())
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void should_map_a_server_that_went_away_to_retriable_after_retrying() {
        OnnxBackend own = OnnxBackend.tiny();
        KServeServer shortLived =
                KServeServer.builder().backend(own).port(0).build().start();
        RadioClipEmbeddingModel model = RadioClipEmbeddingModel.builder()
                .tritonTarget("127.0.0.1:" + shortLived.port())
                .localRepository(TINY)
                .maxRetries(1)
                .retryDelay(Duration.ZERO)
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            assertThat(model.embed("before").content().dimension()).isEqualTo(32);
            shortLived.close();
            own.close();
            assertThatThrownBy(() -> model.embed("after")).isInstanceOf(RetriableException.class);
        } finally {
            model.close();
        }
    }
}
