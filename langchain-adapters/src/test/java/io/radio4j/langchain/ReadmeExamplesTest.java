package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's RAG example, line for line, with the tiny embedded models in place of Triton. */
class ReadmeExamplesTest {

    @Test
    void rag_example_ingests_a_folder_and_answers_a_text_query_with_images(@TempDir Path photos) throws IOException {
        for (int i = 0; i < 6; i++) {
            Files.write(photos.resolve("photo" + i + ".png"), TestImages.blocks(64, 48, i));
        }
        try (RadioClipEmbeddingModel clip =
                RadioClipEmbeddingModel.builder().embeddedTinyRepository().build()) {
            EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
            IngestionReport report = ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .build()
                    .ingestFolder(photos);
            assertThat(report.failures()).isEmpty();

            ImageSearch search = ImageSearch.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .maxResults(5)
                    .build();
            List<ImageMatch> matches = search.byText("a dog catching a frisbee");
            assertThat(matches).hasSize(5).allSatisfy(m -> {
                assertThat(m.reference()).startsWith(photos.toAbsolutePath().toString());
                assertThat(m.width()).isEqualTo(64);
                assertThat(m.height()).isEqualTo(48);
            });
            assertThat(matches).extracting(ImageMatch::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            ContentRetriever retriever = search.contentRetriever();
            assertThat(retriever.retrieve(Query.from("a dog catching a frisbee")))
                    .hasSize(5);
        }
    }
}
