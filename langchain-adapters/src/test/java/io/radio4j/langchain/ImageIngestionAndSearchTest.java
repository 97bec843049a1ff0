package io.radio4j.langchain;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the embedded tiny models: a generated folder of images is ingested into an
 * in-memory store, then searched by text and by image; neighbours and scores are checked against a
 * brute-force cosine ranking over the very embeddings the store received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIngestionAndSearchTest {

    private static final int GOOD_IMAGES = 14;

    private OnnxBackend backend;
    private RadioClipEmbeddingModel clip;

    @TempDir
    Path folder;

    private RecordingStore store;
    private List<IngestionProgress> progress;
    private ImageIngestor ingestor;

    @BeforeAll
    void start() {
        backend = OnnxBackend.tiny();
        clip = RadioClipEmbeddingModel.builder().backend(backend).build();
    }

    @AfterAll
    void stop() {
        clip.close();
        backend.close();
    }

    @BeforeEach
    void generateFolder() throws IOException {
        Files.createDirectories(folder.resolve("a/b"));
        Files.createDirectories(folder.resolve("thumbs"));
        for (int i = 0; i < GOOD_IMAGES; i++) {
            Path dir = i % 3 == 0 ? folder : i % 3 == 1 ? folder.resolve("a") : folder.resolve("a/b");
            byte[] bytes = i % 2 == 0
                    ? TestImages.blocks(40 + i * 8, 30 + i * 4, i)
                    : TestImages.blocksJpeg(50 + i * 4, 60, i);
            Files.write(dir.resolve("img" + i + (i % 2 == 0 ? ".png" : ".JPG")), bytes);
        }
        byte[] good = TestImages.blocks(64, 64, 99);
        Files.write(folder.resolve("a/broken.png"), java.util.Arrays.copyOf(good, good.length / 2)); // truncated
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.write(folder.resolve("thumbs/small.png"), TestImages.blocks(16, 16, 77));
        store = new RecordingStore();
        progress = new ArrayList<>();
        ingestor = ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .batchSize(5)
                .excludeGlobs(List.of("thumbs/**"))
                .progress(progress::add)
                .build();
    }

    @Test
    void should_ingest_a_folder_reporting_the_corrupt_file_without_aborting() {
        IngestionReport report = ingestor.ingestFolder(folder);

        assertThat(report.added()).isEqualTo(GOOD_IMAGES);
        assertThat(report.skipped()).isZero();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.reference()).endsWith("broken.png");
            assertThat(f.message()).containsIgnoringCase("truncated");
        });
        assertThat(store.size()).isEqualTo(GOOD_IMAGES);
        assertThat(store.segments.values())
                .extracting(TextSegment::text)
                .noneMatch(t -> t.endsWith(".txt") || t.contains("thumbs"));
        // 15 files in batches of 5: three progress reports, the last one complete.
        assertThat(progress).hasSize(3);
        assertThat(progress).extracting(IngestionProgress::done).containsExactly(5, 10, 15);
        assertThat(progress.getLast()).isEqualTo(new IngestionProgress(15, 15, GOOD_IMAGES, 0, 1));
    }

    @Test
    void should_store_path_size_hash_and_modification_time() throws Exception {
        Path actual = folder.resolve("a/img4.png"); // 4 % 3 == 1: the "a" folder
        Files.setLastModifiedTime(actual, FileTime.from(Instant.parse("2024-05-06T07:08:09Z")));
        ingestor.ingestFolder(folder);

        TextSegment stored =
                store.segments.get(ImageIngestor.idOf(actual.toAbsolutePath().toString()));
        assertThat(stored).isNotNull();
        assertThat(stored.text()).isEqualTo(actual.toAbsolutePath().toString());
        assertThat(stored.metadata().getString(ImageMetadata.PATH))
                .isEqualTo(actual.toAbsolutePath().toString());
        assertThat(stored.metadata().getInteger(ImageMetadata.WIDTH)).isEqualTo(40 + 4 * 8);
        assertThat(stored.metadata().getInteger(ImageMetadata.HEIGHT)).isEqualTo(30 + 4 * 4);
        assertThat(stored.metadata().getString(ImageMetadata.MIME_TYPE)).isEqualTo("image/png");
        assertThat(stored.metadata().getString(ImageMetadata.CONTENT_HASH))
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(actual))));
        assertThat(stored.metadata().getLong(ImageMetadata.MODIFIED))
                .isEqualTo(Instant.parse("2024-05-06T07:08:09Z").toEpochMilli());
    }

    @Test
    void should_skip_unchanged_files_and_replace_changed_ones() throws IOException {
        ingestor.ingestFolder(folder);
        int addCallsAfterFirst = store.addAllCalls;

        IngestionReport again = ingestor.ingestFolder(folder);
        assertThat(again.added()).isZero();
        assertThat(again.skipped()).isEqualTo(GOOD_IMAGES);
        assertThat(again.failures()).hasSize(1);
        assertThat(store.addAllCalls).isEqualTo(addCallsAfterFirst);

        Path changed = folder.resolve("img0.png");
        String id = ImageIngestor.idOf(changed.toAbsolutePath().toString());
        float[] before = store.embeddings.get(id).vector();
        Files.write(changed, TestImages.blocks(90, 70, 1234));
        IngestionReport third = ingestor.ingestFolder(folder);

        assertThat(third.added()).isEqualTo(1);
        assertThat(third.skipped()).isEqualTo(GOOD_IMAGES - 1);
        assertThat(store.size()).isEqualTo(GOOD_IMAGES);
        assertThat(store.embeddings.get(id).vector()).isNotEqualTo(before);
        assertThat(store.segments.get(id).metadata().getInteger(ImageMetadata.WIDTH))
                .isEqualTo(90);
    }

    @Test
    void should_skip_unchanged_files_after_a_restart_with_a_file_ledger(@TempDir Path state) {
        Path ledgerFile = state.resolve("ledger.tsv");
        ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .ledger(IngestionLedger.file(ledgerFile))
                .excludeGlobs(List.of("thumbs/**"))
                .build()
                .ingestFolder(folder);

        ImageIngestor restarted = ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .ledger(IngestionLedger.file(ledgerFile))
                .excludeGlobs(List.of("thumbs/**"))
                .build();
        IngestionReport report = restarted.ingestFolder(folder);

        assertThat(report.added()).isZero();
        assertThat(report.skipped()).isEqualTo(GOOD_IMAGES);
        assertThat(store.size()).isEqualTo(GOOD_IMAGES);
    }

    @Test
    void should_report_a_ledger_failure_per_file_and_go_on() {
        IngestionLedger memory = IngestionLedger.inMemory();
        IngestionLedger flaky = new IngestionLedger() {
            @Override
            public java.util.Optional<Entry> get(String reference) {
                return memory.get(reference);
            }

            @Override
            public void put(String reference, Entry entry) {
                if (reference.endsWith("img3.JPG")) {
                    throw new java.io.UncheckedIOException(new IOException("disk full"));
                }
                memory.put(reference, entry);
            }
        };
        IngestionReport report = ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .ledger(flaky)
                .excludeGlobs(List.of("thumbs/**", "**/broken.png"))
                .build()
                .ingestFolder(folder);

        assertThat(report.added()).isEqualTo(GOOD_IMAGES - 1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.reference()).endsWith("img3.JPG");
            assertThat(f.message()).contains("ledger").contains("disk full");
        });
    }

    @Test
    void should_fail_whole_batches_without_one_by_one_retries_when_the_backend_is_down() {
        DelegatingBackend down = new DelegatingBackend(backend)
                .failNext(Integer.MAX_VALUE, io.radio4j.core.backend.BackendException.Reason.UNAVAILABLE);
        try (RadioClipEmbeddingModel unreachable =
                RadioClipEmbeddingModel.builder().backend(down).maxRetries(0).build()) {
            IngestionReport report = ImageIngestor.builder()
                    .embeddingModel(unreachable)
                    .embeddingStore(store)
                    .batchSize(5)
                    .excludeGlobs(List.of("thumbs/**", "**/broken.png"))
                    .build()
                    .ingestFolder(folder);

            assertThat(report.added()).isZero();
            assertThat(report.failures())
                    .hasSize(GOOD_IMAGES)
                    .allSatisfy(f ->
                            assertThat(f.cause()).isInstanceOf(dev.langchain4j.exception.RetriableException.class));
            assertThat(down.requests()).hasSize((GOOD_IMAGES + 4) / 5); // one request per batch, none per image
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void should_apply_include_globs() {
        ImageIngestor pngOnly = ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .includeGlobs(List.of("**.png"))
                .excludeGlobs(List.of("thumbs/**", "**/broken.png"))
                .build();
        IngestionReport report = pngOnly.ingestFolder(folder);

        assertThat(report.failures()).isEmpty();
        assertThat(report.added()).isEqualTo((GOOD_IMAGES + 1) / 2);
        assertThat(store.segments.values()).extracting(TextSegment::text).allMatch(t -> t.endsWith(".png"));
    }

    @Test
    void should_ingest_streams_and_paths_and_report_unreadable_ones() {
        ImageSource stream =
                ImageSource.of("s3://bucket/cat.png", new ByteArrayInputStream(TestImages.blocks(50, 50, 5)));
        ImageSource missing = ImageSource.of(folder.resolve("does-not-exist.png"));
        IngestionReport report = ingestor.ingest(List.of(stream, missing, ImageSource.of(folder.resolve("img0.png"))));

        assertThat(report.added()).isEqualTo(2);
        assertThat(report.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.reference()).endsWith("does-not-exist.png"));
        assertThat(store.segments
                        .get(ImageIngestor.idOf("s3://bucket/cat.png"))
                        .metadata()
                        .getInteger(ImageMetadata.WIDTH))
                .isEqualTo(50);
        // A one-shot stream cannot be ingested twice as an empty image.
        IngestionReport second = ingestor.ingest(List.of(stream));
        assertThat(second.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("already consumed"));
    }

    @Test
    void should_refuse_an_image_over_the_byte_limit_with_radio_cores_typed_reason() {
        byte[] png = TestImages.blocks(50, 50, 5);
        ImageIngestor small = ImageIngestor.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .maxImageBytes((long) png.length - 1)
                .build();
        IngestionReport report = small.ingest(List.of(ImageSource.of("big.png", new ByteArrayInputStream(png))));

        assertThat(report.added()).isZero();
        assertThat(report.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.cause())
                        .isInstanceOfSatisfying(
                                io.radio4j.core.image.ImageException.class,
                                e -> assertThat(e.reason())
                                        .isEqualTo(io.radio4j.core.image.ImageException.Reason.TOO_MANY_BYTES))
                        .hasMessageContaining(Integer.toString(png.length - 1)));
        assertThat(store.segments).doesNotContainKey(ImageIngestor.idOf("big.png"));
    }

    /** Brute force: cosine against every stored embedding, as relevance (cos + 1) / 2, best first. */
    private List<Map.Entry<String, Double>> bruteForce(Embedding query, int k) {
        return store.embeddings.entrySet().stream()
                .map(e -> Map.entry(
                        store.segments.get(e.getKey()).text(),
                        (cosine(query.vector(), e.getValue().vector()) + 1) / 2))
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(k)
                .toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void assertSameRanking(List<ImageMatch> found, List<Map.Entry<String, Double>> expected) {
        assertThat(found).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(found.get(i).reference())
                    .as("rank %d", i)
                    .isEqualTo(expected.get(i).getKey());
            assertThat(found.get(i).score())
                    .as("score at rank %d", i)
                    .isCloseTo(expected.get(i).getValue(), within(1e-6));
        }
    }

    @Test
    void should_find_images_by_text_as_brute_force_does() {
        ingestor.ingestFolder(folder);
        ImageSearch search = ImageSearch.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .maxResults(5)
                .build();

        for (String text : List.of("a red square", "two dogs on a beach", "blue sky")) {
            Embedding query = clip.embed(text).content();
            assertSameRanking(search.byText(text), bruteForce(query, 5));
        }
    }

    @Test
    void should_find_images_by_image_with_the_image_itself_first() throws IOException {
        ingestor.ingestFolder(folder);
        ImageSearch search = ImageSearch.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .maxResults(4)
                .build();
        Path probe = folder.resolve("a/b/img5.JPG");

        List<ImageMatch> found = search.byImage(probe);
        Embedding query = clip.embed(EmbeddingRequest.builder()
                        .input(ImageContent.from(TestImages.base64(Files.readAllBytes(probe)), "image/jpeg"))
                        .build())
                .embeddings()
                .getFirst();

        assertSameRanking(found, bruteForce(query, 4));
        assertThat(found.getFirst().reference())
                .isEqualTo(probe.toAbsolutePath().toString());
        assertThat(found.getFirst().score()).isCloseTo(1.0, within(1e-6));
        assertThat(found.getFirst().width()).isEqualTo(50 + 5 * 4);
    }

    @Test
    void should_serve_text_queries_as_a_content_retriever_with_scores() {
        ingestor.ingestFolder(folder);
        ImageSearch search = ImageSearch.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .maxResults(3)
                .build();

        List<Content> contents = search.contentRetriever().retrieve(Query.from("a red square"));
        List<ImageMatch> matches = search.byText("a red square");

        assertThat(contents).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(contents.get(i).textSegment().text())
                    .isEqualTo(ImageSearch.caption(matches.get(i)))
                    .startsWith("image \"" + Path.of(matches.get(i).reference()).getFileName() + "\" (")
                    .doesNotContain(folder.toString());
            assertThat(contents.get(i).textSegment().metadata().getString(ImageMetadata.PATH))
                    .isEqualTo(matches.get(i).reference());
            assertThat(contents.get(i).metadata().get(ContentMetadata.SCORE))
                    .isEqualTo(matches.get(i).score());
            assertThat(contents.get(i).metadata().get(ContentMetadata.EMBEDDING_ID))
                    .isEqualTo(matches.get(i).embeddingId());
            assertThat(contents.get(i).textSegment().metadata().getInteger(ImageMetadata.WIDTH))
                    .isEqualTo(matches.get(i).width());
        }
    }

    @Test
    void should_filter_search_by_metadata() {
        ingestor.ingestFolder(folder);
        ImageSearch wide = ImageSearch.builder()
                .embeddingModel(clip)
                .embeddingStore(store)
                .maxResults(20)
                .filter(metadataKey(ImageMetadata.WIDTH).isGreaterThan(100))
                .build();

        List<ImageMatch> found = wide.byText("anything");
        assertThat(found).isNotEmpty().allMatch(m -> m.width() > 100);
        long expected = store.segments.values().stream()
                .filter(s -> s.metadata().getInteger(ImageMetadata.WIDTH) > 100)
                .count();
        assertThat(found).hasSize((int) expected);
    }
}
