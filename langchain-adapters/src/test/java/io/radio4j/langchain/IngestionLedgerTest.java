package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionLedgerTest {

    @Test
    void should_survive_a_restart_with_the_last_entry_of_each_reference_winning(@TempDir Path dir) {
        Path file = dir.resolve("state/ledger.tsv");
        IngestionLedger first = IngestionLedger.file(file);
        first.put("/photos/a b\tc.png", new IngestionLedger.Entry("h1", "id-a"));
        first.put("s3://bucket/x.png", new IngestionLedger.Entry("h2", "id-x"));
        first.put("/photos/a b\tc.png", new IngestionLedger.Entry("h3", "id-a"));

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(reopened.get("/photos/a b\tc.png")).contains(new IngestionLedger.Entry("h3", "id-a"));
        assertThat(reopened.get("s3://bucket/x.png")).contains(new IngestionLedger.Entry("h2", "id-x"));
        assertThat(reopened.get("/photos/other.png")).isEmpty();
    }

    @Test
    void should_skip_a_line_cut_short_by_a_crash(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.tsv");
        IngestionLedger.file(file).put("/a.png", new IngestionLedger.Entry("h1", "id-a"));
        Files.writeString(file, "h2\tid-b", java.nio.file.StandardOpenOption.APPEND);

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(reopened.get("/a.png")).isPresent();
        reopened.put("/c.png", new IngestionLedger.Entry("h3", "id-c"));
        assertThat(IngestionLedger.file(file).get("/c.png")).isPresent();
    }

    @Test
    void should_compact_superseded_lines_when_opened(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.tsv");
        IngestionLedger ledger = IngestionLedger.file(file);
        for (int i = 0; i < 50; i++) {
            ledger.put("/same.png", new IngestionLedger.Entry("h" + i, "id"));
        }
        assertThat(Files.readAllLines(file)).hasSize(50);

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(Files.readAllLines(file)).hasSize(1);
        assertThat(reopened.get("/same.png")).contains(new IngestionLedger.Entry("h49", "id"));
    }

    @Test
    void should_keep_the_model_identity_and_read_lines_written_without_it(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.tsv");
        IngestionLedger.file(file).put("/a.png", new IngestionLedger.Entry("h1", "id-a", "radio_clip_vision/1536"));
        Files.writeString(file, "h2\tid-b\t%2Fold%2Fb.png\n", java.nio.file.StandardOpenOption.APPEND);

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(reopened.get("/a.png")).contains(new IngestionLedger.Entry("h1", "id-a", "radio_clip_vision/1536"));
        assertThat(reopened.get("/old/b.png")).contains(new IngestionLedger.Entry("h2", "id-b", ""));
        assertThat(reopened.persistent()).isTrue();
        assertThat(IngestionLedger.inMemory().persistent()).isFalse();
    }

    @Test
    void should_embed_again_what_another_model_embedded_and_skip_what_this_one_did(@TempDir Path dir)
            throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 3; i++) {
            Files.write(photos.resolve("p" + i + ".png"), TestImages.blocks(40, 30, i));
        }
        IngestionLedger ledger = IngestionLedger.file(dir.resolve("ledger.tsv"));
        try (RadioClipEmbeddingModel clip =
                RadioClipEmbeddingModel.builder().embeddedTinyRepository().build()) {
            RecordingStore store = new RecordingStore();
            ImageIngestor first = ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .ledger(ledger)
                    .build();
            assertThat(first.modelIdentity()).isEqualTo(clip.modelName() + "/" + clip.dimension());
            assertThat(first.ingestFolder(photos).added()).isEqualTo(3);
            IngestionReport again = first.ingestFolder(photos);
            assertThat(again.added()).isZero();
            assertThat(again.skipped()).isEqualTo(3);

            ImageIngestor newModel = ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .ledger(ledger)
                    .modelIdentity("radio_clip@next")
                    .build();
            IngestionReport switched = newModel.ingestFolder(photos);
            assertThat(switched.added()).isEqualTo(3);
            assertThat(switched.skipped()).isZero();
            assertThat(IngestionLedger.file(dir.resolve("ledger.tsv"))
                            .get(photos.resolve("p0.png").toAbsolutePath().toString()))
                    .map(IngestionLedger.Entry::model)
                    .contains("radio_clip@next");
        }
    }

    @Test
    void should_refuse_a_file_ledger_with_an_in_memory_store(@TempDir Path dir) {
        try (RadioClipEmbeddingModel clip =
                RadioClipEmbeddingModel.builder().embeddedTinyRepository().build()) {
            EmbeddingStore<TextSegment> memory = new InMemoryEmbeddingStore<>();
            IngestionLedger file = IngestionLedger.file(dir.resolve("ledger.tsv"));
            assertThatThrownBy(() -> ImageIngestor.builder()
                            .embeddingModel(clip)
                            .embeddingStore(memory)
                            .ledger(file)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("every search would come back empty")
                    .hasMessageContaining("storeSurvivesRestarts");
            // Allowed when the caller says the store is saved and reloaded, and always with an in-memory ledger.
            ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(memory)
                    .ledger(file)
                    .storeSurvivesRestarts(true)
                    .build();
            ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(memory)
                    .ledger(IngestionLedger.inMemory())
                    .build();
        }
    }
}
