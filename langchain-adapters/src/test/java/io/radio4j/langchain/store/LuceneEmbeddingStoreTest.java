package io.radio4j.langchain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LuceneEmbeddingStoreTest {

    @TempDir
    Path dir;

    private static Embedding vec(float... v) {
        return Embedding.from(v);
    }

    private static EmbeddingSearchRequest query(Embedding q, int k) {
        return EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(k).build();
    }

    @Test
    void should_rank_by_cosine_with_langchain4j_relevance_scores() {
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add("x", vec(1, 0, 0), TextSegment.from("x-axis"));
            store.add("y", vec(0, 2, 0), TextSegment.from("y-axis"));
            store.add("xy", vec(1, 1, 0), TextSegment.from("diagonal"));

            List<EmbeddingMatch<TextSegment>> matches =
                    store.search(query(vec(3, 0.1f, 0), 3)).matches();

            assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactly("x", "xy", "y");
            double cos = 3 / Math.sqrt(9 + 0.01);
            assertThat(matches.getFirst().score()).isCloseTo((cos + 1) / 2, within(1e-5));
            assertThat(matches.getFirst().embedded().text()).isEqualTo("x-axis");
            assertThat(matches.get(2).embedding().vector()).containsExactly(0, 2, 0);
        }
    }

    // The ingestor stores typed metadata; each type must come back as itself for Metadata getters.
    @Test
    void should_keep_metadata_types_and_apply_filters_before_ranking() {
        UUID uuid = UUID.randomUUID();
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add(
                    "big",
                    vec(1, 0),
                    TextSegment.from(
                            "big.png",
                            new Metadata()
                                    .put("width", 4000)
                                    .put("bytes", 5_000_000_000L)
                                    .put("ratio", 1.5f)
                                    .put("gamma", 2.2)
                                    .put("uuid", uuid)
                                    .put("mime", "image/png")));
            store.add("small", vec(0.9f, 0.1f), TextSegment.from("small.png", new Metadata().put("width", 10)));

            EmbeddingMatch<TextSegment> best =
                    store.search(query(vec(1, 0), 1)).matches().getFirst();
            Metadata m = best.embedded().metadata();
            assertThat(m.getInteger("width")).isEqualTo(4000);
            assertThat(m.getLong("bytes")).isEqualTo(5_000_000_000L);
            assertThat(m.getFloat("ratio")).isEqualTo(1.5f);
            assertThat(m.getDouble("gamma")).isEqualTo(2.2);
            assertThat(m.getUUID("uuid")).isEqualTo(uuid);
            assertThat(m.getString("mime")).isEqualTo("image/png");

            List<EmbeddingMatch<TextSegment>> filtered = store.search(EmbeddingSearchRequest.builder()
                            .queryEmbedding(vec(1, 0))
                            .maxResults(5)
                            .filter(MetadataFilterBuilder.metadataKey("width").isLessThan(100))
                            .build())
                    .matches();
            assertThat(filtered).extracting(EmbeddingMatch::embeddingId).containsExactly("small");
        }
    }

    @Test
    void should_replace_by_id_remove_and_honour_min_score() {
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add("a", vec(1, 0), TextSegment.from("old"));
            store.add("a", vec(1, 0), TextSegment.from("new"));
            store.add("b", vec(-1, 0), TextSegment.from("opposite"));
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.search(query(vec(1, 0), 5))
                            .matches()
                            .getFirst()
                            .embedded()
                            .text())
                    .isEqualTo("new");

            List<EmbeddingMatch<TextSegment>> close = store.search(EmbeddingSearchRequest.builder()
                            .queryEmbedding(vec(1, 0))
                            .maxResults(5)
                            .minScore(0.5)
                            .build())
                    .matches();
            assertThat(close).extracting(EmbeddingMatch::embeddingId).containsExactly("a");

            store.remove("a");
            assertThat(store.search(query(vec(1, 0), 5)).matches())
                    .extracting(EmbeddingMatch::embeddingId)
                    .containsExactly("b");
            store.removeAll(MetadataFilterBuilder.metadataKey("nothing").isEqualTo("x"));
            assertThat(store.size()).isEqualTo(1);
            store.removeAll();
            assertThat(store.size()).isZero();
            assertThat(store.search(query(vec(1, 0), 5)).matches()).isEmpty();
        }
    }

    @Test
    void should_refuse_bad_vectors_without_storing_any_of_the_batch() {
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).maxDimensions(4).build()) {
            store.add("a", vec(1, 0, 0));
            assertThatThrownBy(() -> store.addAll(List.of("b", "c"), List.of(vec(0, 1, 0), vec(1, 1)), null))
                    .isInstanceOf(DimensionMismatchException.class)
                    .hasMessageContaining("dimension 2 differs from the store's 3");
            assertThatThrownBy(() -> store.add("z", vec(0, 0, 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero");
            assertThatThrownBy(() -> store.add("n", vec(Float.NaN, 0, 0))).hasMessageContaining("non-finite");
            assertThatThrownBy(() -> store.add(" ", vec(1, 0, 0))).hasMessageContaining("blank");
            assertThatThrownBy(() -> store.addAll(List.of("p"), List.of(vec(1, 0, 0), vec(0, 1, 0)), null))
                    .hasMessageContaining("differ in size");
            store.add("d", vec(0, 0, 1));
            assertThat(store.size()).isEqualTo(2);
            assertThatThrownBy(() -> store.search(query(vec(1, 0), 1)))
                    .isInstanceOf(DimensionMismatchException.class)
                    .hasMessageContaining("query dimension 2 differs from the store's 3");
        }
        try (LuceneEmbeddingStore wide = LuceneEmbeddingStore.builder()
                .directory(dir.resolve("w"))
                .maxDimensions(4)
                .build()) {
            assertThatThrownBy(() -> wide.add("w", vec(1, 1, 1, 1, 1))).hasMessageContaining("exceeds maxDimensions 4");
        }
    }

    @Test
    void should_keep_every_write_of_concurrent_writers() throws Exception {
        int threads = 4;
        int perThread = 5;
        try (LuceneEmbeddingStore store =
                        LuceneEmbeddingStore.builder().directory(dir).build();
                var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.add(
                                thread + "-" + i, vec(1 + thread, 1 + i, 1), TextSegment.from("t" + thread + "i" + i));
                        store.search(query(vec(1, 1, 1), 3));
                    }
                }));
            }
            for (var f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertThat(store.size()).isEqualTo(threads * perThread);
        }
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            assertThat(reopened.size()).isEqualTo(threads * perThread);
        }
    }

    // RADIO-CLIP is 1536 wide and C-RADIOv4-H 2560: above Lucene's default limit of 1024.
    @Test
    void should_store_radio_sized_vectors() {
        Random random = new Random(7);
        float[] v = new float[2560];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add("wide", Embedding.from(v));
        }
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            EmbeddingMatch<TextSegment> m =
                    reopened.search(query(Embedding.from(v), 1)).matches().getFirst();
            assertThat(m.embeddingId()).isEqualTo("wide");
            assertThat(m.score()).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void should_keep_entries_when_closed_and_reopened_and_refuse_a_second_opener() {
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add("kept", vec(1, 2, 3), TextSegment.from("kept.png", Metadata.from("k", "v")));
            assertThatThrownBy(
                            () -> LuceneEmbeddingStore.builder().directory(dir).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
        }
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            EmbeddingMatch<TextSegment> m =
                    reopened.search(query(vec(1, 2, 3), 1)).matches().getFirst();
            assertThat(m.embeddingId()).isEqualTo("kept");
            assertThat(m.embedded().metadata().getString("k")).isEqualTo("v");
        }
    }

    /** Entry point of the child JVM below: adds one entry, says so, then waits to be killed. */
    public static final class WriteThenWait {
        public static void main(String[] args) throws Exception {
            LuceneEmbeddingStore store =
                    LuceneEmbeddingStore.builder().directory(Path.of(args[0])).build();
            store.add(args[1], vec(0.25f, 0.5f, 1), TextSegment.from("acknowledged.png"));
            System.out.println("ACK " + args[1]);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // never closed: the parent kills this JVM
        }
    }

    // Not a speed limit: only a guard so a child that never answers cannot hang the build.
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void should_keep_an_acknowledged_write_after_kill_minus_9() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WriteThenWait.class.getName(),
                        dir.toString(),
                        "survivor")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("ACK survivor")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("child output:\n%s", seen).isEqualTo("ACK survivor");
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            EmbeddingMatch<TextSegment> m =
                    reopened.search(query(vec(0.25f, 0.5f, 1), 1)).matches().getFirst();
            assertThat(m.embeddingId()).isEqualTo("survivor");
            assertThat(m.embedded().text()).isEqualTo("acknowledged.png");
        }
    }

    // Lucene's sequence numbers order the operations and the log repeats them in that order, so
    // whatever interleaving happens, each id is there once or not at all, now and after reopening.
    @Test
    void should_leave_a_consistent_index_when_deletes_race_adds() throws Exception {
        int ids = 12;
        java.util.Set<String> before;
        try (LuceneEmbeddingStore store =
                        LuceneEmbeddingStore.builder().directory(dir).build();
                var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean adder = t % 2 == 0;
                int seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 60; i++) {
                        String a = Integer.toString(random.nextInt(ids));
                        String b = Integer.toString(random.nextInt(ids));
                        if (adder) {
                            store.addAll(
                                    List.of(a, b),
                                    List.of(vec(1, random.nextFloat(), 0), vec(0, 1, random.nextFloat())),
                                    List.of(TextSegment.from(a), TextSegment.from(b)));
                        } else {
                            store.removeAll(List.of(a, b));
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            List<EmbeddingMatch<TextSegment>> all =
                    store.search(query(vec(1, 1, 1), 100)).matches();
            before = new java.util.HashSet<>(
                    all.stream().map(EmbeddingMatch::embeddingId).toList());
            assertThat(all).hasSize(before.size()).hasSize(store.size());
            assertThat(all).allSatisfy(m -> assertThat(m.embedded().text()).isEqualTo(m.embeddingId()));
        }
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            List<EmbeddingMatch<TextSegment>> all =
                    reopened.search(query(vec(1, 1, 1), 100)).matches();
            assertThat(all).extracting(EmbeddingMatch::embeddingId).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    // HNSW over 7-bit vectors finds candidates; the floats re-rank them, so scores are exact cosines.
    @Test
    void should_find_true_neighbours_with_quantized_hnsw_and_exact_filtered_search() {
        int n = 2000;
        int dim = 48;
        Random random = new Random(11);
        float[][] basis = new float[8][dim];
        for (float[] row : basis) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        float[][] data = new float[n + 40][];
        for (int i = 0; i < data.length; i++) {
            float[] v = new float[dim];
            for (float[] row : basis) {
                double z = random.nextGaussian();
                for (int d = 0; d < dim; d++) {
                    v[d] += (float) (z * row[d]);
                }
            }
            for (int d = 0; d < dim; d++) {
                v[d] += (float) (0.5 * random.nextGaussian());
            }
            data[i] = v;
        }
        List<String> ids = new java.util.ArrayList<>();
        List<Embedding> embeddings = new java.util.ArrayList<>();
        List<TextSegment> segments = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Integer.toString(i));
            embeddings.add(Embedding.from(data[i]));
            segments.add(TextSegment.from("v" + i, new Metadata().put("group", i % 7)));
        }
        try (LuceneEmbeddingStore store = LuceneEmbeddingStore.builder()
                .directory(dir)
                .exactSearchThreshold(0)
                .graphThreshold(0)
                .candidates(100)
                .build()) {
            for (int from = 0; from < n; from += 500) {
                store.addAll(
                        ids.subList(from, from + 500),
                        embeddings.subList(from, from + 500),
                        segments.subList(from, from + 500));
            }
            store.forceMerge(1);
            assertThat(store.segmentCount()).isEqualTo(1);
            double recall = 0;
            for (int q = n; q < n + 40; q++) {
                List<String> exact = exactTop(data, n, data[q], 10, i -> true);
                List<EmbeddingMatch<TextSegment>> got =
                        store.search(query(Embedding.from(data[q]), 10)).matches();
                recall += got.stream()
                                .filter(m -> exact.contains(m.embeddingId()))
                                .count()
                        / 10.0;
                for (EmbeddingMatch<TextSegment> m : got) {
                    double cos = cosine(data[q], data[Integer.parseInt(m.embeddingId())]);
                    assertThat(m.score()).isCloseTo((cos + 1) / 2, within(1e-5));
                }
                if (q % 8 != 0) {
                    continue;
                }
                List<String> exactInGroup = exactTop(data, n, data[q], 5, i -> i % 7 == 3);
                List<EmbeddingMatch<TextSegment>> filtered = store.search(EmbeddingSearchRequest.builder()
                                .queryEmbedding(Embedding.from(data[q]))
                                .maxResults(5)
                                .filter(MetadataFilterBuilder.metadataKey("group")
                                        .isEqualTo(3))
                                .build())
                        .matches();
                assertThat(filtered).extracting(EmbeddingMatch::embeddingId).containsExactlyElementsOf(exactInGroup);
            }
            assertThat(recall / 40).isGreaterThanOrEqualTo(0.95);
        }
    }

    private static List<String> exactTop(
            float[][] data, int n, float[] q, int k, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, n)
                .filter(keep)
                .boxed()
                .sorted(java.util.Comparator.comparingDouble((Integer i) -> -cosine(q, data[i])))
                .limit(k)
                .map(String::valueOf)
                .toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Entry point of the child JVM below: four threads add batches and say which were acknowledged, until killed. */
    public static final class WriteBatchesUntilKilled {
        public static void main(String[] args) throws Exception {
            LuceneEmbeddingStore store =
                    LuceneEmbeddingStore.builder().directory(Path.of(args[0])).build();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            for (int t = 0; t < 4; t++) {
                Thread.ofPlatform().start(() -> {
                    while (true) {
                        int batch = next.getAndIncrement();
                        List<String> ids = new java.util.ArrayList<>();
                        List<Embedding> vectors = new java.util.ArrayList<>();
                        for (int i = 0; i < 8; i++) {
                            ids.add(batch + "-" + i);
                            vectors.add(vec(1 + batch, 1 + i, 1));
                        }
                        store.addAll(ids, vectors, null);
                        synchronized (System.out) {
                            System.out.println("ACK " + batch);
                            System.out.flush();
                        }
                    }
                });
            }
        }
    }

    // Several writers share log fsyncs; each acknowledged batch must survive kill -9, even with a
    // torn record (a write cut by the crash, never acknowledged) at the end of the log.
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void should_keep_every_acknowledged_batch_of_concurrent_writers_after_kill_minus_9() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WriteBatchesUntilKilled.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        java.util.Set<Integer> acknowledged = new java.util.HashSet<>();
        StringBuilder seen = new StringBuilder();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (acknowledged.size() < 60 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Integer.parseInt(line.substring(4)));
                } else {
                    seen.append(line).append('\n');
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("child output:\n%s", seen).hasSize(60);
        Path log = Files.list(dir.resolve("translog")).sorted().toList().getLast();
        Files.write(log, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (LuceneEmbeddingStore reopened =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            java.util.Set<String> stored = new java.util.HashSet<>();
            for (EmbeddingMatch<TextSegment> m :
                    reopened.search(query(vec(1, 1, 1), 10_000)).matches()) {
                stored.add(m.embeddingId());
            }
            assertThat(stored).hasSize(reopened.size());
            for (int batch : acknowledged) {
                for (int i = 0; i < 8; i++) {
                    assertThat(stored).contains(batch + "-" + i);
                }
            }
            assertThat(reopened.size() % 8).as("batches are atomic").isZero();
        }
    }
}
