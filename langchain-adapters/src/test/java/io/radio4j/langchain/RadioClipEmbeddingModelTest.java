package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.net.RemoteImageFetcher;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RadioClipEmbeddingModelTest {

    private OnnxBackend backend;
    private RadioClipEmbeddingModel model;

    @BeforeAll
    void start() {
        backend = OnnxBackend.tiny();
        model = RadioClipEmbeddingModel.builder().backend(backend).build();
    }

    @AfterAll
    void stop() {
        model.close();
        backend.close();
    }

    private static ImageContent png(long seed) {
        return ImageContent.from(TestImages.base64(TestImages.blocks(80, 60, seed)), "image/png");
    }

    private float[] single(EmbeddingInput input) {
        return model.embed(EmbeddingRequest.builder().input(input).build())
                .embeddings()
                .getFirst()
                .vector();
    }

    @Test
    void should_take_dimension_from_model_metadata_without_embedding() {
        int fromMetadata = model.encoder().visionContract().dimension();
        assertThat(model.dimension()).isEqualTo(fromMetadata).isEqualTo(32);
        assertThat(model.embed("a cat").content().dimension()).isEqualTo(fromMetadata);
        assertThat(model.modelName()).isEqualTo(RadioModels.RADIO_CLIP_VISION);
        assertThat(model.textModelName()).isEqualTo(RadioModels.RADIO_CLIP_TEXT);
    }

    @Test
    void should_return_mixed_text_and_image_embeddings_in_input_order() {
        List<EmbeddingInput> inputs = List.of(
                EmbeddingInput.from("a red square"),
                EmbeddingInput.from(png(1)),
                EmbeddingInput.from(png(2)),
                EmbeddingInput.from("two dogs"),
                EmbeddingInput.from(png(3)));
        List<Embedding> mixed =
                model.embed(EmbeddingRequest.builder().inputs(inputs).build()).embeddings();

        assertThat(mixed).hasSize(5);
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(mixed.get(i).vector()).as("input %d", i).containsExactly(single(inputs.get(i)), within(1e-5f));
        }
        assertThat(mixed.get(1).vector()).isNotEqualTo(mixed.get(2).vector());
    }

    @Test
    void should_report_text_tokens_as_token_usage_and_none_for_images() {
        int square = model.embed("a red square").tokenUsage().inputTokenCount();
        int dogs = model.embed("two dogs").tokenUsage().inputTokenCount();
        assertThat(square).isPositive();
        assertThat(model.embed("a red square and a blue circle").tokenUsage().inputTokenCount())
                .isGreaterThan(square);

        var batch = model.embed(EmbeddingRequest.builder()
                .inputs(List.of(
                        EmbeddingInput.from("a red square"),
                        EmbeddingInput.from(png(1)),
                        EmbeddingInput.from("two dogs")))
                .build());
        assertThat(batch.tokenUsage().inputTokenCount()).isEqualTo(square + dogs);
        assertThat(batch.tokenUsage().totalTokenCount()).isEqualTo(square + dogs);
        assertThat(model.embed(EmbeddingRequest.builder().input(png(2)).build())
                        .tokenUsage()
                        .inputTokenCount())
                .isZero();
        assertThat(model.embedAll(List.of(dev.langchain4j.data.segment.TextSegment.from("two dogs")))
                        .tokenUsage()
                        .inputTokenCount())
                .isEqualTo(dogs);
    }

    @Test
    void should_split_large_calls_into_batches_of_max_batch_size_and_keep_order() {
        DelegatingBackend recording = new DelegatingBackend(backend);
        try (RadioClipEmbeddingModel batching =
                RadioClipEmbeddingModel.builder().backend(recording).build()) {
            List<EmbeddingInput> inputs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inputs.add(EmbeddingInput.from(png(100 + i)));
            }
            recording.requests().clear();
            List<Embedding> all = batching.embed(
                            EmbeddingRequest.builder().inputs(inputs).build())
                    .embeddings();

            int maxBatch = backend.modelConfig(RadioModels.RADIO_CLIP_VISION).maxBatchSize();
            assertThat(recording.batchSizes()).allMatch(n -> n <= maxBatch).hasSizeGreaterThanOrEqualTo(3);
            assertThat(recording.batchSizes().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(20);
            for (int i = 0; i < 20; i++) {
                assertThat(all.get(i).vector()).as("input %d", i).containsExactly(single(inputs.get(i)), within(1e-5f));
            }
        }
    }

    @Test
    void should_slice_calls_larger_than_max_inputs_per_call() {
        try (RadioClipEmbeddingModel sliced = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .maxItemsPerCall(3)
                .build()) {
            List<TextSegment> texts = List.of("one", "two", "three", "four", "five", "six", "seven").stream()
                    .map(TextSegment::from)
                    .toList();
            List<Embedding> all = sliced.embedAll(texts).content();
            assertThat(all).hasSize(7);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(all.get(i).vector())
                        .containsExactly(model.embed(texts.get(i)).content().vector(), within(1e-5f));
            }
        }
    }

    /** Records what listeners see. */
    private static final class RecordingListener implements EmbeddingModelListener {
        final List<EmbeddingModelRequestContext> requests = new CopyOnWriteArrayList<>();
        final List<EmbeddingModelResponseContext> responses = new CopyOnWriteArrayList<>();
        final List<EmbeddingModelErrorContext> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(EmbeddingModelRequestContext ctx) {
            requests.add(ctx);
        }

        @Override
        public void onResponse(EmbeddingModelResponseContext ctx) {
            responses.add(ctx);
        }

        @Override
        public void onError(EmbeddingModelErrorContext ctx) {
            errors.add(ctx);
        }
    }

    @Test
    void should_notify_listeners_for_image_only_input() {
        RecordingListener listener = new RecordingListener();
        try (RadioClipEmbeddingModel listened = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .listeners(List.of(listener))
                .build()) {
            List<Embedding> out = listened.embed(
                            EmbeddingRequest.builder().input(png(5)).build())
                    .embeddings();

            assertThat(out).hasSize(1);
            assertThat(listener.requests).hasSize(1);
            assertThat(listener.requests.getFirst().textSegments()).isEmpty();
            assertThat(listener.requests.getFirst().embeddingRequest().inputs()).hasSize(1);
            assertThat(listener.responses).hasSize(1);
            assertThat(listener.responses.getFirst().embeddingResponse().embeddings())
                    .hasSize(1);
            assertThat(listener.errors).isEmpty();
        }
    }

    @Test
    void should_give_listeners_only_the_texts_of_a_mixed_request() {
        RecordingListener listener = new RecordingListener();
        RadioClipEmbeddingModel listened = model.addListener(listener);
        listened.embed(EmbeddingRequest.builder()
                .inputs(List.of(
                        EmbeddingInput.from(png(6)), EmbeddingInput.from("a boat"), EmbeddingInput.from(png(7))))
                .build());

        assertThat(listener.requests).hasSize(1);
        assertThat(listener.requests.getFirst().textSegments())
                .extracting(TextSegment::text)
                .containsExactly("a boat");
        assertThat(listener.responses.getFirst().embeddingResponse().embeddings())
                .hasSize(3);
        assertThat(listener.responses.getFirst().attributes())
                .isSameAs(listener.requests.getFirst().attributes());
    }

    @Test
    void should_keep_working_with_image_only_input_after_add_listener_where_the_core_wrapper_fails() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        RadioClipEmbeddingModel listened = model.addListener(first).addListeners(List.of(second));

        assertThat(listened).isInstanceOf(RadioClipEmbeddingModel.class);
        assertThat(listened.listeners()).containsExactly(first, second);
        assertThat(listened.embed(EmbeddingRequest.builder().input(png(8)).build())
                        .embeddings())
                .hasSize(1);
        assertThat(first.responses).hasSize(1);
        assertThat(second.responses).hasSize(1);
        assertThat(model.listeners()).isEmpty();
    }

    @Test
    void should_notify_listeners_of_errors_and_rethrow() {
        RecordingListener listener = new RecordingListener();
        RadioClipEmbeddingModel listened = model.addListener(listener);
        ImageContent corrupt =
                ImageContent.from(TestImages.base64(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}), "image/png");

        assertThatThrownBy(() ->
                        listened.embed(EmbeddingRequest.builder().input(corrupt).build()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(listener.errors).hasSize(1);
        assertThat(listener.errors.getFirst().error()).isInstanceOf(InvalidRequestException.class);
        assertThat(listener.responses).isEmpty();
    }

    @Test
    void should_refuse_a_text_and_an_image_fused_in_one_input() {
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.builder()
                        .input(TextContent.from("a cat"), png(9))
                        .build()))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("separate inputs");
    }

    @Test
    void should_embed_the_same_image_alike_from_base64_data_url_and_file(@TempDir Path dir) throws IOException {
        byte[] bytes = TestImages.blocksJpeg(120, 90, 11);
        Path file = Files.write(dir.resolve("photo.jpg"), bytes);
        float[] fromBase64 = single(EmbeddingInput.from(ImageContent.from(TestImages.base64(bytes), "image/jpeg")));

        assertThat(single(EmbeddingInput.from(ImageContent.from("data:image/jpeg;base64," + TestImages.base64(bytes)))))
                .containsExactly(fromBase64);
        try (RadioClipEmbeddingModel files = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .allowFileUrls(true)
                .build()) {
            assertThat(files.embed(EmbeddingRequest.builder()
                                    .input(ImageContent.from(file.toUri()))
                                    .build())
                            .embeddings()
                            .getFirst()
                            .vector())
                    .containsExactly(fromBase64);
        }
        assertThat(single(EmbeddingInput.from(ImageContent.from(file, "image/jpeg"))))
                .containsExactly(fromBase64);
    }

    @Test
    void should_refuse_remote_urls_unless_enabled_and_then_fetch_them() throws IOException {
        byte[] bytes = TestImages.blocks(64, 64, 12);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cat.png", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/missing.png", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ImageContent remote = ImageContent.from(base + "/cat.png");
            assertThatThrownBy(() ->
                            model.embed(EmbeddingRequest.builder().input(remote).build()))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("allowRemoteImages");

            try (RadioClipEmbeddingModel publicOnly = RadioClipEmbeddingModel.builder()
                    .backend(backend)
                    .allowRemoteImages(true)
                    .build()) {
                assertThatThrownBy(() -> publicOnly.embed(
                                EmbeddingRequest.builder().input(remote).build()))
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("not public");
            }
            RemoteImageFetcher loopback = RemoteImageFetcher.builder()
                    .addressRule(InetAddress::isLoopbackAddress)
                    .build();
            try (RadioClipEmbeddingModel open = RadioClipEmbeddingModel.builder()
                    .backend(backend)
                    .allowRemoteImages(true)
                    .remoteImageFetcher(loopback)
                    .build()) {
                float[] fetched = open.embed(
                                EmbeddingRequest.builder().input(remote).build())
                        .embeddings()
                        .getFirst()
                        .vector();
                assertThat(fetched)
                        .containsExactly(
                                single(EmbeddingInput.from(ImageContent.from(TestImages.base64(bytes), "image/png"))));
                assertThatThrownBy(() -> open.embed(EmbeddingRequest.builder()
                                .input(ImageContent.from(base + "/missing.png"))
                                .build()))
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("404");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void should_refuse_file_urls_by_default_and_when_disabled(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("a.png"), TestImages.blocks(32, 32, 13));
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from(file.toUri()))
                        .build()))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("file:");
        try (RadioClipEmbeddingModel locked = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .allowFileUrls(false)
                .build()) {
            assertThatThrownBy(() -> locked.embed(EmbeddingRequest.builder()
                            .input(ImageContent.from(file.toUri()))
                            .build()))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("file:");
        }
    }

    @Test
    void should_refuse_images_over_the_byte_limit_naming_it() {
        byte[] bytes = TestImages.blocks(200, 200, 14);
        try (RadioClipEmbeddingModel small = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .maxImageBytes(100L)
                .build()) {
            assertThatThrownBy(() -> small.embed(EmbeddingRequest.builder()
                            .input(ImageContent.from(TestImages.base64(bytes), "image/png"))
                            .build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("maxImageBytes")
                    .hasMessageContaining("100");
        }
    }

    @Test
    void should_apply_the_pixel_limit_of_the_given_preprocessor() {
        io.radio4j.core.image.ImagePreprocessor strict = io.radio4j.core.image.ImagePreprocessor.builder()
                .limits(new io.radio4j.core.image.ImageLimits(1_000_000, 60_000, 1))
                .build();
        try (RadioClipEmbeddingModel small = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .preprocessor(strict)
                .build()) {
            assertThat(small.embed(EmbeddingRequest.builder().input(png(15)).build())
                            .embeddings())
                    .hasSize(1); // 80 x 60 in, 224 x 224 out
            ImageContent big = ImageContent.from(TestImages.base64(TestImages.blocks(300, 250, 16)), "image/png");
            assertThatThrownBy(() ->
                            small.embed(EmbeddingRequest.builder().input(big).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("TOO_MANY_PIXELS");
        }
    }

    @Test
    void should_refuse_bad_base64_bad_data_urls_and_unknown_schemes() {
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from("@@not base64@@", "image/png"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from("data:image/png,rawbytes"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> model.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from("ftp://example.org/a.png"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ftp");
    }

    @Test
    void should_retry_unavailable_backend_up_to_max_retries() {
        DelegatingBackend flaky = new DelegatingBackend(backend).failNext(2, BackendException.Reason.UNAVAILABLE);
        try (RadioClipEmbeddingModel retrying = RadioClipEmbeddingModel.builder()
                .backend(flaky)
                .maxRetries(2)
                .retryDelay(Duration.ZERO)
                .build()) {
            assertThat(retrying.embed("hello").content().vector())
                    .containsExactly(model.embed("hello").content().vector());
            assertThat(flaky.requests()).hasSize(3);
        }
        DelegatingBackend down = new DelegatingBackend(backend).failNext(5, BackendException.Reason.UNAVAILABLE);
        try (RadioClipEmbeddingModel giving = RadioClipEmbeddingModel.builder()
                .backend(down)
                .maxRetries(1)
                .retryDelay(Duration.ZERO)
                .build()) {
            assertThatThrownBy(() -> giving.embed("hello")).isInstanceOf(RetriableException.class);
            assertThat(down.requests()).hasSize(2);
        }
    }

    @Test
    void should_not_retry_final_errors_and_map_them_to_langchain4j_types() {
        DelegatingBackend missing = new DelegatingBackend(backend).failNext(5, BackendException.Reason.MODEL_NOT_FOUND);
        try (RadioClipEmbeddingModel m = RadioClipEmbeddingModel.builder()
                .backend(missing)
                .maxRetries(3)
                .retryDelay(Duration.ZERO)
                .build()) {
            assertThatThrownBy(() -> m.embed("hello")).isInstanceOf(ModelNotFoundException.class);
            assertThat(missing.requests()).hasSize(1);
        }
        DelegatingBackend late = new DelegatingBackend(backend).failNext(5, BackendException.Reason.DEADLINE_EXCEEDED);
        try (RadioClipEmbeddingModel m = RadioClipEmbeddingModel.builder()
                .backend(late)
                .maxRetries(3)
                .retryDelay(Duration.ZERO)
                .build()) {
            assertThatThrownBy(() -> m.embed("hello")).isInstanceOf(dev.langchain4j.exception.TimeoutException.class);
            assertThat(late.requests()).as("a passed deadline is never retried").hasSize(1);
        }
        DelegatingBackend busy = new DelegatingBackend(backend).failNext(5, BackendException.Reason.RESOURCE_EXHAUSTED);
        try (RadioClipEmbeddingModel m = RadioClipEmbeddingModel.builder()
                .backend(busy)
                .maxRetries(3)
                .retryDelay(Duration.ZERO)
                .build()) {
            assertThatThrownBy(() -> m.embed("hello")).isInstanceOf(dev.langchain4j.exception.RateLimitException.class);
            assertThat(busy.requests()).hasSize(1);
        }
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .backend(backend)
                        .visionModelName("no_such_model")
                        .build())
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no_such_model");
    }

    @Test
    void should_require_exactly_one_backend_source() {
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no backend configured");
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .backend(backend)
                        .tritonTarget("localhost:8001")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than one");
    }

    @Test
    void should_honour_a_local_repository_with_the_embedded_backend(@TempDir Path local) throws IOException {
        Path clipText = Files.createDirectories(local.resolve(RadioModels.RADIO_CLIP_TEXT));
        // A tokenizer that cannot be read: the build fails only if the local repository is consulted.
        Files.writeString(clipText.resolve(RadioModels.TOKENIZER_FILE), "not a tokenizer");
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .embeddedTinyRepository()
                        .localRepository(local)
                        .build())
                .hasMessageContaining("tokenizer");
        // The same tokenizer as the embedded one, from the local copy: the model works and agrees.
        Files.write(
                clipText.resolve(RadioModels.TOKENIZER_FILE),
                backend.modelFile(RadioModels.RADIO_CLIP_TEXT, RadioModels.TOKENIZER_FILE)
                        .orElseThrow());
        try (RadioClipEmbeddingModel m = RadioClipEmbeddingModel.builder()
                .embeddedTinyRepository()
                .localRepository(local)
                .build()) {
            assertThat(m.embed("a cat").content().vector())
                    .containsExactly(model.embed("a cat").content().vector());
        }
    }

    @Test
    void should_refuse_a_local_repository_with_a_given_backend() {
        assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                        .backend(backend)
                        .localRepository(Path.of("."))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("localRepository");
    }

    @Test
    void should_wrap_a_given_encoder_without_building_or_closing_one() {
        io.radio4j.core.encoder.RadioClipEncoder shared = io.radio4j.core.encoder.RadioClipEncoder.builder()
                .backend(backend)
                .build();
        try {
            RadioClipEmbeddingModel wrapping =
                    RadioClipEmbeddingModel.builder().encoder(shared).build();
            assertThat(wrapping.encoder()).isSameAs(shared);
            assertThat(wrapping.embed("a cat").content().vector()).containsExactly(shared.embedText("a cat"));
            wrapping.close();
            // Still usable: the model did not close the caller's encoder.
            assertThat(shared.embedText("a dog")).hasSize(shared.dimension());
            assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                            .encoder(shared)
                            .backend(backend)
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a backend source");
            assertThatThrownBy(() -> RadioClipEmbeddingModel.builder()
                            .encoder(shared)
                            .maxTextChars(10)
                            .visionModelName("x")
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("visionModelName, maxTextChars");
        } finally {
            shared.close();
        }
    }

    @Test
    void should_log_requests_and_responses_only_when_asked() {
        RecordingLogger log = new RecordingLogger();
        try (RadioClipEmbeddingModel quiet =
                RadioClipEmbeddingModel.builder().backend(backend).logger(log).build()) {
            quiet.embed("a cat");
        }
        assertThat(log.messages).isEmpty();
        try (RadioClipEmbeddingModel loud = RadioClipEmbeddingModel.builder()
                .backend(backend)
                .logger(log)
                .logRequests(true)
                .logResponses(true)
                .build()) {
            loud.embed(EmbeddingRequest.builder()
                    .inputs(List.of(EmbeddingInput.from("a cat"), EmbeddingInput.from(png(20))))
                    .build());
        }
        assertThat(log.messages).hasSize(2);
        assertThat(log.messages.get(0)).contains("1 text(s) [a cat]").contains("1 image(s)");
        assertThat(log.messages.get(1)).contains("2 embedding(s) of dimension 32");
    }

    @Test
    void should_give_the_same_answers_to_concurrent_callers() throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(i % 2 == 0 ? EmbeddingInput.from(png(300 + i)) : EmbeddingInput.from("caption number " + i));
        }
        List<float[]> expected = inputs.stream().map(this::single).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (EmbeddingInput input : inputs) {
                    futures.add(pool.submit(() -> single(input)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get())
                        .as("call %d", i)
                        .containsExactly(expected.get(i % inputs.size()), within(1e-5f));
            }
        }
    }

    @Test
    void should_run_on_its_own_embedded_tiny_backend() {
        try (RadioClipEmbeddingModel own =
                RadioClipEmbeddingModel.builder().embeddedTinyRepository().build()) {
            assertThat(own.embed("a cat").content().vector())
                    .containsExactly(model.embed("a cat").content().vector(), within(1e-6f));
        }
    }
}
