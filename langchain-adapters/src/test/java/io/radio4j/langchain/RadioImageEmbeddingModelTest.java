package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RadioImageEmbeddingModelTest {

    private OnnxBackend backend;
    private RadioImageEmbeddingModel model;

    @BeforeAll
    void start() {
        backend = OnnxBackend.tiny();
        model = RadioImageEmbeddingModel.builder()
                .backend(backend)
                .resolution(64, 64)
                .build();
    }

    @AfterAll
    void stop() {
        model.close();
        backend.close();
    }

    private static ImageContent png(long seed, int w, int h) {
        return ImageContent.from(TestImages.base64(TestImages.blocks(w, h, seed)), "image/png");
    }

    @Test
    void should_embed_images_as_the_encoder_summary_with_dimension_from_metadata() {
        byte[] bytes = TestImages.blocks(90, 70, 1);
        Embedding e = model.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from(TestImages.base64(bytes), "image/png"))
                        .build())
                .embeddings()
                .getFirst();

        assertThat(model.dimension())
                .isEqualTo(model.encoder().summaryDimension())
                .isEqualTo(128);
        assertThat(model.modelName()).isEqualTo(RadioModels.C_RADIO_V4_H);
        try (OnnxBackend own = OnnxBackend.tiny()) {
            CRadioEncoder encoder =
                    CRadioEncoder.builder().backend(own).resolution(64, 64).build();
            assertThat(e.vector()).containsExactly(encoder.summary(bytes), within(1e-6f));
        }
    }

    @Test
    void should_serve_image_to_image_search_with_the_query_image_first(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 6; i++) {
            Files.write(dir.resolve("p" + i + ".png"), TestImages.blocks(48 + 8 * i, 48, 40 + i));
        }
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        IngestionReport report = ImageIngestor.builder()
                .embeddingModel(model)
                .embeddingStore(store)
                .build()
                .ingestFolder(dir);
        ImageSearch search = ImageSearch.builder()
                .embeddingModel(model)
                .embeddingStore(store)
                .maxResults(3)
                .build();

        assertThat(report.added()).isEqualTo(6);
        List<ImageMatch> found = search.byImage(dir.resolve("p2.png"));
        assertThat(found).hasSize(3);
        assertThat(found.getFirst().reference())
                .isEqualTo(dir.resolve("p2.png").toAbsolutePath().toString());
        assertThat(found.getFirst().score()).isCloseTo(1.0, within(1e-6));
        assertThatThrownBy(() -> search.byText("a cat")).isInstanceOf(UnsupportedFeatureException.class);
    }

    @Test
    void should_refuse_text_with_unsupported_feature() {
        assertThatThrownBy(() -> model.embed("a cat"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("TEXT");
    }

    @Test
    void should_apply_resolution_and_resize_mode() {
        ImageContent wide = png(2, 200, 100);
        float[] squash = model.embed(EmbeddingRequest.builder().input(wide).build())
                .embeddings()
                .getFirst()
                .vector();
        try (RadioImageEmbeddingModel crop = RadioImageEmbeddingModel.builder()
                        .backend(backend)
                        .resolution(64, 64)
                        .resizeMode(ResizeMode.CENTER_CROP)
                        .build();
                RadioImageEmbeddingModel snap = RadioImageEmbeddingModel.builder()
                        .backend(backend)
                        .resolution(64, 64)
                        .resizeMode(ResizeMode.SNAP16)
                        .build()) {
            float[] cropped = crop.embed(EmbeddingRequest.builder().input(wide).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            float[] snapped = snap.embed(EmbeddingRequest.builder().input(wide).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            assertThat(crop.encoder().resizeSpec().mode()).isEqualTo(ResizeMode.CENTER_CROP);
            assertThat(cropped).isNotEqualTo(squash);
            assertThat(snapped).isNotEqualTo(squash).isNotEqualTo(cropped);
        }
    }

    @Test
    void should_refuse_a_resolution_that_is_not_a_multiple_of_the_patch_size() {
        assertThatThrownBy(() -> RadioImageEmbeddingModel.builder()
                        .backend(backend)
                        .resolution(100, 100)
                        .build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("100");
    }

    @Test
    void should_normalize_when_asked() {
        try (RadioImageEmbeddingModel unit = RadioImageEmbeddingModel.builder()
                .backend(backend)
                .resolution(64, 64)
                .normalize(true)
                .build()) {
            float[] v = unit.embed(
                            EmbeddingRequest.builder().input(png(3, 50, 50)).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            double norm = 0;
            for (float x : v) {
                norm += x * (double) x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void should_batch_images_in_order_and_notify_listeners() {
        AtomicInteger responses = new AtomicInteger();
        EmbeddingModelListener listener = new EmbeddingModelListener() {
            @Override
            public void onResponse(EmbeddingModelResponseContext ctx) {
                responses.incrementAndGet();
                assertThat(ctx.textSegments()).isEmpty();
            }
        };
        RadioImageEmbeddingModel listened = model.addListener(listener);
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            inputs.add(EmbeddingInput.from(png(10 + i, 40 + i, 40)));
        }
        List<Embedding> all = listened.embed(
                        EmbeddingRequest.builder().inputs(inputs).build())
                .embeddings();

        assertThat(responses).hasValue(1);
        for (int i = 0; i < inputs.size(); i++) {
            float[] alone = model.embed(
                            EmbeddingRequest.builder().input(inputs.get(i)).build())
                    .embeddings()
                    .getFirst()
                    .vector();
            assertThat(all.get(i).vector()).as("input %d", i).containsExactly(alone, within(1e-5f));
        }
    }

    @Test
    void should_slice_calls_larger_than_max_inputs_per_call_and_keep_order() {
        try (RadioImageEmbeddingModel sliced = RadioImageEmbeddingModel.builder()
                .backend(backend)
                .resolution(64, 64)
                .maxItemsPerCall(3)
                .build()) {
            List<EmbeddingInput> inputs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                inputs.add(EmbeddingInput.from(png(30 + i, 40 + 3 * i, 44)));
            }
            List<Embedding> all = sliced.embed(
                            EmbeddingRequest.builder().inputs(inputs).build())
                    .embeddings();

            assertThat(all).hasSize(7);
            for (int i = 0; i < inputs.size(); i++) {
                float[] alone = model.embed(
                                EmbeddingRequest.builder().input(inputs.get(i)).build())
                        .embeddings()
                        .getFirst()
                        .vector();
                assertThat(all.get(i).vector()).as("input %d", i).containsExactly(alone, within(1e-5f));
            }
        }
    }
}
