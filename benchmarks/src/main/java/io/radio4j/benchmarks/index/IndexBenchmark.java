package io.radio4j.benchmarks.index;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.util.VectorUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds image indexes of 10k/100k(/1M) structured synthetic vectors ({@link SyntheticVectors}) and
 * reports ingest rate, p50/p99 search latency and recall@k against an exact scan, for radio4j's
 * {@link LuceneEmbeddingStore} as the service uses it (batches of the service's size, each
 * acknowledged only once durable), LangChain4j's {@link InMemoryEmbeddingStore} and JVector, on the
 * same vectors in the same run. The Lucene store's recall curve over its candidate count is printed
 * too. Output: markdown tables on standard out.
 *
 * <p>Run (one core, as the targets are stated):
 * {@code taskset -c 1 java --add-modules jdk.incubator.vector -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" io.radio4j.benchmarks.index.IndexBenchmark --sizes 10000,100000}
 */
@Command(
        name = "index-benchmark",
        mixinStandardHelpOptions = true,
        description = "Lucene store vs LangChain4j in-memory store vs JVector: ingest, p50/p99 search, recall@k")
public final class IndexBenchmark implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", description = "store sizes (default: ${DEFAULT-VALUE})")
    List<Integer> sizes = List.of(10_000, 100_000);

    @Option(names = "--dimensions", description = "vector width (default: ${DEFAULT-VALUE})")
    int dimensions = 1536;

    @Option(names = "--latent", description = "latent dimension of the synthetic vectors (default: ${DEFAULT-VALUE})")
    int latent = 48;

    @Option(
            names = "--noise",
            description = "per-dimension noise σ of the synthetic vectors (default: ${DEFAULT-VALUE})")
    double noise = 0.5;

    @Option(names = "--queries", description = "measured queries per configuration (default: ${DEFAULT-VALUE})")
    int queries = 300;

    @Option(
            names = "--exact-queries",
            description = "measured queries for the in-memory store's exhaustive scan (default: ${DEFAULT-VALUE})")
    int exactQueries = 30;

    @Option(names = "--k", description = "results per query (default: ${DEFAULT-VALUE})")
    int k = 10;

    @Option(
            names = "--batch",
            description =
                    "vectors per acknowledged write: the service's radio4j.limits.max-items-per-call (default: ${DEFAULT-VALUE})")
    int batch = 64;

    @Option(
            names = "--writers",
            split = ",",
            description = "concurrent writers, one ingest per value (default: ${DEFAULT-VALUE})")
    List<Integer> writers = List.of(1, 4);

    @Option(
            names = "--writers-large",
            split = ",",
            description = "concurrent writers for sizes of 50,000 and more (default: ${DEFAULT-VALUE})")
    List<Integer> writersLarge = List.of(4);

    @Option(
            names = "--candidates",
            split = ",",
            description = "Lucene HNSW candidates for the recall curve (default: ${DEFAULT-VALUE})")
    List<Integer> candidates = List.of(10, 40, 80, 160, 320);

    @Option(names = "--quantization", description = "Lucene store quantization (default: ${DEFAULT-VALUE})")
    LuceneEmbeddingStore.Quantization quantization = LuceneEmbeddingStore.Quantization.INT7;

    @Option(
            names = "--jvector-topk",
            split = ",",
            description = "JVector candidates kept per query, top k reported (default: ${DEFAULT-VALUE})")
    List<Integer> jvectorTopK = List.of(10, 160);

    @Option(names = "--jvector-max-size", description = "largest size JVector is built for (default: ${DEFAULT-VALUE})")
    int jvectorMaxSize = Integer.MAX_VALUE;

    @Option(names = "--skip", split = ",", description = "stores to leave out: memory, jvector (default: none)")
    Set<String> skip = Set.of();

    @Option(names = "--work-dir", description = "where the Lucene indexes are built (default: ${DEFAULT-VALUE})")
    Path workDir = Path.of("benchmarks/target/index-benchmark");

    private final List<String> rows = new ArrayList<>();
    private final List<String> curve = new ArrayList<>();
    private final List<String> storage = new ArrayList<>();

    private void row(String line) {
        rows.add(line);
        System.out.println("# row " + line);
        System.out.flush();
    }

    private void curveRow(String line) {
        curve.add(line);
        System.out.println("# curve " + line);
        System.out.flush();
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new IndexBenchmark()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SyntheticVectors model = new SyntheticVectors(dimensions, latent, noise, 42);
        System.out.printf(
                Locale.ROOT,
                "# %d-dim unit vectors, latent %d, noise %.2f; k=%d; batch %d; %d queries; %d processors; %s%n",
                dimensions,
                latent,
                noise,
                k,
                batch,
                queries,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        for (int n : sizes) {
            long t0 = System.nanoTime();
            float[][] data = model.generate(n, 0);
            float[][] query = model.generate(queries, 1);
            int[][] truth = exactTopK(data, query, k);
            System.out.printf(Locale.ROOT, "# n=%d: vectors and exact top-%d in %.1f s%n", n, k, seconds(t0));
            // quickest first, so a run cut short on a busy machine still reports the most
            if (!skip.contains("memory")) {
                inMemory(n, data, query, truth);
            }
            Path dir = luceneIngest(n, data, query, truth);
            if (!skip.contains("jvector") && n <= jvectorMaxSize) {
                jvector(n, data, query, truth);
            }
            luceneMerged(n, dir, query, truth);
        }
        System.out.println();
        System.out.println("| store | vectors | ingest (vectors/s) | search p50 (ms) | search p99 (ms) | recall@" + k
                + " | notes |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| vectors | candidates | p50 (ms) | p99 (ms) | recall@" + k + " |");
        System.out.println("|---|---|---|---|---|");
        curve.forEach(System.out::println);
        System.out.println();
        System.out.println(
                "| vectors | disk bytes/vector | of which float vectors | quantized vectors | HNSW graph | stored fields, ids |");
        System.out.println("|---|---|---|---|---|---|");
        storage.forEach(System.out::println);
        return 0;
    }

    // ---- Lucene store -------------------------------------------------------------------------

    private Path luceneIngest(int n, float[][] data, float[][] query, int[][] truth) throws Exception {
        Path dir = null;
        List<Integer> writerCounts = n >= 50_000 ? writersLarge : writers;
        for (int w : writerCounts) {
            dir = workDir.resolve("lucene-" + n + "-w" + w);
            deleteTree(dir);
            long commits;
            double rate;
            int segments;
            try (LuceneEmbeddingStore store = luceneStore(dir, LuceneEmbeddingStore.DEFAULT_CANDIDATES)) {
                long t0 = System.nanoTime();
                ingest(store, data, w);
                rate = n / seconds(t0);
                commits = store.syncCount();
                segments = store.segmentCount();
                System.out.printf(
                        Locale.ROOT,
                        "# lucene n=%d writers=%d: %.0f vectors/s, %d log fsyncs, %d segments%n",
                        n,
                        w,
                        rate,
                        commits,
                        segments);
                Latency natural = measure(query, truth, q -> ids(store.search(request(q))));
                row(String.format(
                        Locale.ROOT,
                        "| Lucene store, %s, %d writer%s | %,d | %,.0f | %.2f | %.2f | %.3f | %d log fsyncs (%.1f vectors each); as ingested: %d segments |",
                        quantization,
                        w,
                        w == 1 ? "" : "s",
                        n,
                        rate,
                        natural.p50,
                        natural.p99,
                        natural.recall,
                        commits,
                        (double) n / commits,
                        segments));
            }
            if (w != writerCounts.getLast()) {
                deleteTree(dir);
            }
        }
        return dir;
    }

    private void luceneMerged(int n, Path dir, float[][] query, int[][] truth) throws Exception {
        // The last ingest's index, merged to one segment (one graph), then the candidate curve.
        long t0 = System.nanoTime();
        try (LuceneEmbeddingStore store = luceneStore(dir, LuceneEmbeddingStore.DEFAULT_CANDIDATES)) {
            store.forceMerge(1);
        }
        double mergeSeconds = seconds(t0);
        for (int c : candidates) {
            try (LuceneEmbeddingStore store = luceneStore(dir, c)) {
                Latency l = measure(query, truth, q -> ids(store.search(request(q))));
                curveRow(String.format(Locale.ROOT, "| %,d | %d | %.2f | %.2f | %.3f |", n, c, l.p50, l.p99, l.recall));
                if (c == LuceneEmbeddingStore.DEFAULT_CANDIDATES) {
                    row(String.format(
                            Locale.ROOT,
                            "| Lucene store, %s, merged to 1 segment | %,d | – | %.2f | %.2f | %.3f | force-merge took %.1f s |",
                            quantization,
                            n,
                            l.p50,
                            l.p99,
                            l.recall,
                            mergeSeconds));
                }
            }
        }
        storage.add(storageRow(n, dir));
        deleteTree(dir);
    }

    private LuceneEmbeddingStore luceneStore(Path dir, int c) {
        return LuceneEmbeddingStore.builder()
                .directory(dir)
                .quantization(quantization)
                .candidates(c)
                .build();
    }

    private void ingest(LuceneEmbeddingStore store, float[][] data, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(batch); from < data.length; from = next.getAndAdd(batch)) {
                        int to = Math.min(data.length, from + batch);
                        List<String> ids = new ArrayList<>(to - from);
                        List<Embedding> embeddings = new ArrayList<>(to - from);
                        List<TextSegment> segments = new ArrayList<>(to - from);
                        for (int i = from; i < to; i++) {
                            ids.add(Integer.toString(i));
                            embeddings.add(Embedding.from(data[i]));
                            // what the service stores with each image
                            segments.add(TextSegment.from(
                                    "/images/img-" + i + ".jpg",
                                    new Metadata()
                                            .put("mime_type", "image/jpeg")
                                            .put("width", 640)
                                            .put("height", 480)));
                        }
                        store.addAll(ids, embeddings, segments);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static String storageRow(int n, Path dir) throws IOException {
        Map<String, Long> byExtension = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
                byExtension.merge(ext, Files.size(f), Long::sum);
            }
        }
        long total = byExtension.values().stream().mapToLong(Long::longValue).sum();
        long floats = byExtension.getOrDefault("vec", 0L);
        long quantized = byExtension.getOrDefault("veq", 0L) + byExtension.getOrDefault("veb", 0L);
        long graph = byExtension.getOrDefault("vex", 0L);
        long stored = byExtension.getOrDefault("fdt", 0L)
                + byExtension.getOrDefault("tim", 0L)
                + byExtension.getOrDefault("doc", 0L);
        System.out.println("# lucene files by extension: " + byExtension);
        return String.format(
                Locale.ROOT,
                "| %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |",
                n,
                (double) total / n,
                (double) floats / n,
                (double) quantized / n,
                (double) graph / n,
                (double) stored / n);
    }

    // ---- LangChain4j in-memory store ------------------------------------------------------------

    private void inMemory(int n, float[][] data, float[][] query, int[][] truth) {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        List<String> ids = IntStream.range(0, n).mapToObj(Integer::toString).toList();
        List<Embedding> embeddings = Arrays.stream(data).map(Embedding::from).toList();
        List<TextSegment> segments = IntStream.range(0, n)
                .mapToObj(i -> TextSegment.from("/images/img-" + i + ".jpg"))
                .toList();
        long t0 = System.nanoTime();
        store.addAll(ids, embeddings, segments);
        double rate = n / seconds(t0);
        int q = Math.min(exactQueries, query.length);
        Latency l = measure(Arrays.copyOf(query, q), Arrays.copyOf(truth, q), v -> ids(store.search(request(v))));
        row(String.format(
                Locale.ROOT,
                "| LangChain4j InMemoryEmbeddingStore | %,d | %,.0f | %.2f | %.2f | %.3f | exhaustive scan; RAM only, not durable; %d queries |",
                n,
                rate,
                l.p50,
                l.p99,
                l.recall,
                q));
    }

    // ---- JVector ----------------------------------------------------------------------------------

    private void jvector(int n, float[][] data, float[][] query, int[][] truth) {
        VectorTypeSupport vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        List<VectorFloat<?>> vectors =
                Arrays.stream(data).<VectorFloat<?>>map(vts::createFloatVector).toList();
        ListRandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vectors, dimensions);
        long t0 = System.nanoTime();
        ImmutableGraphIndex index;
        try (GraphIndexBuilder builder = new GraphIndexBuilder(
                ravv,
                VectorSimilarityFunction.DOT_PRODUCT,
                LuceneEmbeddingStore.DEFAULT_MAX_CONNECTIONS,
                LuceneEmbeddingStore.DEFAULT_BEAM_WIDTH,
                1.2f,
                1.2f,
                true)) {
            index = builder.build(ravv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double rate = n / seconds(t0);
        for (int topK : jvectorTopK) {
            int keep = Math.max(topK, k);
            Latency l = measure(query, truth, q -> {
                SearchResult r = GraphSearcher.search(
                        vts.createFloatVector(q), keep, ravv, VectorSimilarityFunction.DOT_PRODUCT, index, Bits.ALL);
                return Arrays.stream(r.getNodes())
                        .limit(k)
                        .map(ns -> Integer.toString(ns.node))
                        .toList();
            });
            row(String.format(
                    Locale.ROOT,
                    "| JVector 4.0.2 graph, float32, top %d kept | %,d | %,.0f | %.2f | %.2f | %.3f | in-memory build (its own ForkJoin pool), not durable |",
                    keep,
                    n,
                    rate,
                    l.p50,
                    l.p99,
                    l.recall));
        }
    }

    // ---- measuring --------------------------------------------------------------------------------

    private record Latency(double p50, double p99, double recall) {}

    private Latency measure(float[][] query, int[][] truth, Function<float[], List<String>> search) {
        int warm = Math.min(query.length, 50);
        for (int i = 0; i < warm; i++) {
            search.apply(query[i]);
        }
        long[] nanos = new long[query.length];
        double recall = 0;
        for (int i = 0; i < query.length; i++) {
            long t0 = System.nanoTime();
            List<String> got = search.apply(query[i]);
            nanos[i] = System.nanoTime() - t0;
            Set<String> expected = new HashSet<>();
            for (int d : truth[i]) {
                expected.add(Integer.toString(d));
            }
            recall += got.stream().filter(expected::contains).count() / (double) truth[i].length;
        }
        Arrays.sort(nanos);
        return new Latency(percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6, recall / query.length);
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private EmbeddingSearchRequest request(float[] q) {
        return EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(q))
                .maxResults(k)
                .build();
    }

    private static List<String> ids(dev.langchain4j.store.embedding.EmbeddingSearchResult<TextSegment> result) {
        return result.matches().stream().map(EmbeddingMatch::embeddingId).toList();
    }

    /** The exact top-k by dot product (the vectors are unit length, so by cosine), for every query. */
    static int[][] exactTopK(float[][] data, float[][] query, int k) {
        int[][] truth = new int[query.length][];
        IntStream.range(0, query.length).parallel().forEach(qi -> {
            float[] q = query[qi];
            int[] best = new int[k];
            float[] scores = new float[k];
            Arrays.fill(scores, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < data.length; i++) {
                float s = VectorUtil.dotProduct(q, data[i]);
                if (s > scores[k - 1]) {
                    int j = k - 1;
                    while (j > 0 && scores[j - 1] < s) {
                        scores[j] = scores[j - 1];
                        best[j] = best[j - 1];
                        j--;
                    }
                    scores[j] = s;
                    best[j] = i;
                }
            }
            truth[qi] = best;
        });
        return truth;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
