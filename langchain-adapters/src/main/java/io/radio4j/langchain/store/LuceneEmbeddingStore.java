package io.radio4j.langchain.store;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import io.radio4j.langchain.store.internal.HighDimensionHnswFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s kept in a Lucene index on disk, searched
 * with Lucene's HNSW graph over scalar-quantized vectors and re-ranked with the float vectors.
 *
 * <pre>{@code
 * try (LuceneEmbeddingStore store = LuceneEmbeddingStore.builder().directory(Path.of("data/index")).build()) {
 *     store.add(embedding, TextSegment.from("cat.jpg"));
 *     store.search(EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(5).build());
 * }
 * }</pre>
 *
 * <p><b>Durability (group commit):</b> every method that changes the store returns only once a
 * Lucene commit (new segment files and commit point fsynced) holds its change, so a write that
 * returned survives a crash or {@code kill -9}. One committer thread commits whatever writes are
 * pending, then wakes every writer that commit covered: concurrent writers share one fsync instead
 * of each paying for its own. A batch ({@link #addAll(List, List, List)}, {@link #removeAll(Collection)})
 * is one atomic Lucene operation, so after a crash it is wholly there or absent. Adding with an
 * existing id replaces that entry (upsert). Writes are ordered by Lucene's sequence numbers: an add
 * and a remove of the same id that race leave the entry either present once or absent. One process
 * at a time may open a folder: a second one fails with {@link IllegalStateException} (Lucene's write
 * lock; the OS releases it when the owner dies).
 *
 * <p><b>Search:</b> scores are LangChain4j relevance scores, {@code (cos + 1) / 2}, computed on the
 * float vectors. Stores larger than {@link Builder#exactSearchThreshold(Integer)} are searched with
 * HNSW over {@link Builder#quantization(Quantization) quantized} vectors, fetching
 * {@link Builder#candidates(Integer)} candidates (at least {@code maxResults}) that are re-ranked
 * with the float vectors; HNSW is approximate, so a true neighbour can be missed. Smaller stores,
 * and every search with a metadata {@link Filter}, are scanned exactly: a filter is evaluated on
 * every stored entry (linear in the store's size) and the matching entries are ranked exactly, so
 * filtered searches return the true top {@code maxResults} matches.
 *
 * <p>Vectors are limited to {@link #DEFAULT_MAX_DIMENSIONS} dimensions (Lucene's own limit is 1024,
 * below RADIO's widths); all vectors in one store have the same dimension and a non-zero norm.
 * Thread-safe; {@link #close()} it to release the folder.
 */
public final class LuceneEmbeddingStore extends BatchEmbeddingStore implements AutoCloseable {

    /** Default of {@link Builder#maxDimensions(Integer)}: wide enough for C-RADIOv4-H (2560). */
    public static final int DEFAULT_MAX_DIMENSIONS = 4096;

    /**
     * Default of {@link Builder#candidates(Integer)}: HNSW candidates re-ranked per query, chosen from
     * the recall curve measured by the index benchmark (benchmarks/README.md).
     */
    public static final int DEFAULT_CANDIDATES = 160;

    /** Default of {@link Builder#exactSearchThreshold(Integer)}: below this many entries an exact scan is as fast. */
    public static final int DEFAULT_EXACT_SEARCH_THRESHOLD = 2_000;

    /** Default of {@link Builder#maxConnections(Integer)} (Lucene's). */
    public static final int DEFAULT_MAX_CONNECTIONS = 16;

    /** Default of {@link Builder#beamWidth(Integer)} (Lucene's). */
    public static final int DEFAULT_BEAM_WIDTH = 100;

    /**
     * Default of {@link Builder#graphThreshold(Integer)}: segments below about
     * {@code 1000 × ln(size)} vectors (about 9,000) get no graph and are scanned instead; the graph is
     * built when they are merged, so ingestion does not pay for graph insertions into many small segments.
     */
    public static final int DEFAULT_GRAPH_THRESHOLD = 1_000;

    /** Default of {@link Builder#translogBytes(Long)}: 256 MiB, about 40,000 entries of 1536 dimensions. */
    public static final long DEFAULT_TRANSLOG_BYTES = 256L << 20;

    /** How the vectors the HNSW graph walks over are stored (the float vectors are always kept for re-ranking). */
    public enum Quantization {
        /** float32 only (Lucene's {@code Lucene99HnswVectorsFormat}). */
        NONE(null),
        /** 8 bits per dimension (Lucene 10.6's {@code Lucene104HnswScalarQuantizedVectorsFormat}, unsigned byte). */
        INT8(ScalarEncoding.UNSIGNED_BYTE),
        /** 7 bits per dimension (same format, seven-bit encoding). */
        INT7(ScalarEncoding.SEVEN_BIT),
        /** 4 bits per dimension (same format, packed nibbles). */
        INT4(ScalarEncoding.PACKED_NIBBLE);

        private final ScalarEncoding encoding;

        Quantization(ScalarEncoding encoding) {
            this.encoding = encoding;
        }
    }

    private static final String ID = "id";
    private static final String VECTOR = "vector";
    private static final String TEXT = "text";
    // Typed stored fields keep each metadata value's Java type; UUIDs have no stored type of their own.
    private static final String META = "meta.";
    private static final String META_UUID = "meta_uuid.";
    // Unit vectors scored by dot product: Lucene's cosine cannot quantize a segment whose vectors
    // average to zero (it normalises their centroid), and a merge failing on that closes the writer.
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
    private static final String NORM = "norm";
    private static final int FLUSH_ENTRIES = 2_048;
    private static final String TRANSLOG_FOLDER = "translog";
    private static final String TRANSLOG_GENERATION = "radio4j.translog.generation";
    private static final byte OP_UPSERT = 1;
    private static final byte OP_DELETE = 2;
    private static final byte OP_DELETE_ALL = 3;

    private final Path directoryPath;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int maxDimensions;
    private final int candidates;
    private final int exactSearchThreshold;
    // DOT_PRODUCT; COSINE for an index written before vectors were normalised on the way in
    private final VectorSimilarityFunction similarity;
    private final long translogBytes;
    private final Translog translog;
    // Lucene operations and their log records are made in one order, so a replay repeats history.
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object indexCommitLock = new Object();
    private final AtomicBoolean indexCommitQueued = new AtomicBoolean();
    private final ExecutorService indexCommitter;
    private final AtomicLong indexCommits = new AtomicLong();
    private volatile int dimension; // of the stored vectors; 0 when empty (guarded by writeLock for writes)
    private volatile boolean stale; // acknowledged writes the searchers do not show yet

    private LuceneEmbeddingStore(Builder b) {
        this.directoryPath = Objects.requireNonNull(b.directory, "directory is required")
                .toAbsolutePath()
                .normalize();
        this.maxDimensions = positive("maxDimensions", b.maxDimensions, DEFAULT_MAX_DIMENSIONS);
        this.candidates = positive("candidates", b.candidates, DEFAULT_CANDIDATES);
        this.exactSearchThreshold =
                b.exactSearchThreshold == null ? DEFAULT_EXACT_SEARCH_THRESHOLD : b.exactSearchThreshold;
        if (exactSearchThreshold < 0) {
            throw new IllegalArgumentException("exactSearchThreshold must be >= 0, got " + exactSearchThreshold);
        }
        int graphThreshold = b.graphThreshold == null ? DEFAULT_GRAPH_THRESHOLD : b.graphThreshold;
        if (graphThreshold < 0) {
            throw new IllegalArgumentException("graphThreshold must be >= 0, got " + graphThreshold);
        }
        this.translogBytes = b.translogBytes == null ? DEFAULT_TRANSLOG_BYTES : b.translogBytes;
        if (translogBytes < 1) {
            throw new IllegalArgumentException("translogBytes must be >= 1, got " + translogBytes);
        }
        Quantization quantization = b.quantization == null ? Quantization.INT7 : b.quantization;
        KnnVectorsFormat format = HighDimensionHnswFormat.of(
                quantization.encoding,
                positive("maxConnections", b.maxConnections, DEFAULT_MAX_CONNECTIONS),
                positive("beamWidth", b.beamWidth, DEFAULT_BEAM_WIDTH),
                graphThreshold,
                maxDimensions);
        TieredMergePolicy mergePolicy = new TieredMergePolicy();
        mergePolicy.setSegmentsPerTier(b.segmentsPerTier == null ? 4 : b.segmentsPerTier);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setMergePolicy(mergePolicy)
                // Flushed segments stay below the graph threshold, so indexing only buffers vectors;
                // graphs are built by background merges, over the quantized vectors.
                .setMaxBufferedDocs(FLUSH_ENTRIES)
                .setRAMBufferSizeMB(256)
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return format;
                    }
                });
        FSDirectory dir = null;
        IndexWriter w = null;
        SearcherManager s = null;
        Translog log = null;
        try {
            Files.createDirectories(directoryPath);
            dir = FSDirectory.open(directoryPath);
            w = new IndexWriter(dir, config);
            VectorSimilarityFunction found = SIMILARITY;
            try (DirectoryReader r = DirectoryReader.open(w)) {
                FieldInfo info = FieldInfos.getMergedFieldInfos(r).fieldInfo(VECTOR);
                if (info != null) {
                    found = info.getVectorSimilarityFunction();
                }
            }
            this.similarity = found;
            long fromGeneration = 0;
            Iterable<Map.Entry<String, String>> commitData = w.getLiveCommitData();
            if (commitData != null) {
                for (Map.Entry<String, String> e : commitData) {
                    if (e.getKey().equals(TRANSLOG_GENERATION)) {
                        fromGeneration = Long.parseLong(e.getValue());
                    }
                }
            }
            IndexWriter target = w;
            log = Translog.open(
                    directoryPath.resolve(TRANSLOG_FOLDER),
                    fromGeneration,
                    in -> replay(target, similarity, in),
                    directoryPath.toString());
            // The replayed writes go into an index commit, so the log can start afresh.
            w.setLiveCommitData(
                    Map.of(TRANSLOG_GENERATION, Long.toString(log.generation())).entrySet());
            w.commit();
            log.deleteBefore(log.generation());
            s = new SearcherManager(w, new SearcherFactory());
        } catch (LockObtainFailedException e) {
            closeQuietly(log, s, w, dir);
            throw new IllegalStateException(
                    "the index folder " + directoryPath + " is already open in another store or process", e);
        } catch (IOException e) {
            closeQuietly(log, s, w, dir);
            throw new UncheckedIOException("cannot open the index folder " + directoryPath + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(log, s, w, dir);
            throw e;
        }
        this.directory = dir;
        this.writer = w;
        this.searchers = s;
        this.translog = log;
        this.dimension = withSearcher(searcher -> dimensionOf(searcher.getIndexReader()));
        this.indexCommitter = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("lucene-index-commit").unstarted(r));
    }

    private static int positive(String name, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }

    private static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // already failing with the cause that matters
            }
        }
    }

    /** A builder; {@link Builder#directory(Path)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The index folder (absolute). */
    public Path directory() {
        return directoryPath;
    }

    /** Adds or replaces the entry {@code id}, committed before this returns; see {@link #addAll(List, List, List)}. */
    public void add(String id, Embedding embedding, TextSegment segment) {
        addAll(List.of(id), List.of(embedding), segment == null ? null : List.of(segment));
    }

    /**
     * Adds or replaces entries as one atomic operation, committed before this returns. When an id
     * occurs twice in the batch, its last entry is kept.
     *
     * @param segments one per embedding, or null for none (an element may be null)
     * @throws IllegalArgumentException if the lists differ in size, an id is blank, or a vector is
     *     empty, zero, not finite or too wide
     * @throws DimensionMismatchException if a vector's dimension differs from the stored ones' (or
     *     from the batch's first)
     * @throws UncheckedIOException if the index cannot be written or committed
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        if (!checkBatch(ids, embeddings, segments)) {
            return;
        }
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            last.remove(ids.get(i)); // the last entry of a repeated id wins, in its own position
            last.put(ids.get(i), i);
        }
        List<Document> documents = new ArrayList<>(last.size());
        Translog.Record record = new Translog.Record();
        try {
            record.out.writeByte(OP_UPSERT);
            record.out.writeInt(last.size());
            for (Map.Entry<String, Integer> e : last.entrySet()) {
                Embedding embedding = embeddings.get(e.getValue());
                TextSegment segment = segments == null ? null : segments.get(e.getValue());
                documents.add(document(e.getKey(), embedding, segment, similarity));
                TranslogCodec.writeEntry(record.out, e.getKey(), embedding.vector(), segment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: not reached
        }
        applyAndLog(record, () -> {
            int dim = checkDimensions(embeddings);
            try {
                // One block: deleting the earlier entries of these ids and adding the new ones is a
                // single operation, so a commit (or a crash) never sees part of the batch.
                writer.updateDocuments(idsQuery(last.keySet()), documents);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the store refused the vectors: " + e.getMessage(), e);
            }
            dimension = dim;
        });
    }

    /** A change to the index, made under the write lock. */
    @FunctionalInterface
    private interface IndexChange {
        void apply() throws IOException;
    }

    /**
     * Makes {@code change} to the index and appends {@code record} (the same change, for replay) to
     * the log, both under the write lock so that the log's order is the index's; then waits for the
     * log (see {@link #acknowledge}).
     */
    private void applyAndLog(Translog.Record record, IndexChange change) {
        long position;
        writeLock.lock();
        try {
            change.apply();
            position = translog.append(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + directoryPath + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        acknowledge(position);
    }

    private static TermInSetQuery idsQuery(Collection<String> ids) {
        return new TermInSetQuery(ID, ids.stream().map(BytesRef::new).toList());
    }

    // Waits for the log's fsync, marks the searchers stale and, when the log has grown past its
    // bound, has the index committed in the background so the log can be truncated.
    private void acknowledge(long position) {
        translog.awaitSynced(position);
        stale = true;
        if (translog.sinceRotation() >= translogBytes && indexCommitQueued.compareAndSet(false, true)) {
            try {
                indexCommitter.execute(() -> {
                    try {
                        commitIndex();
                    } catch (RuntimeException e) {
                        // the log still holds every write; the next write or close() tries again
                    } finally {
                        indexCommitQueued.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                indexCommitQueued.set(false); // closing
            }
        }
    }

    /**
     * Commits the Lucene index (fsyncing its new files) and deletes the log files it covers. Writes
     * go on meanwhile; they are in the log.
     */
    private void commitIndex() {
        synchronized (indexCommitLock) {
            try {
                long generation;
                writeLock.lock();
                try {
                    generation = translog.rotate();
                } finally {
                    writeLock.unlock();
                }
                writer.setLiveCommitData(
                        Map.of(TRANSLOG_GENERATION, Long.toString(generation)).entrySet());
                writer.commit();
                indexCommits.incrementAndGet();
                translog.deleteBefore(generation);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot commit the index in " + directoryPath + ": " + e.getMessage(), e);
            }
        }
    }

    // Applies one logged operation while the store opens.
    private static void replay(IndexWriter writer, VectorSimilarityFunction similarity, java.io.DataInputStream in) {
        try {
            byte op = in.readByte();
            switch (op) {
                case OP_UPSERT -> {
                    int n = in.readInt();
                    List<Document> docs = new ArrayList<>(n);
                    List<String> ids = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        TranslogCodec.Entry e = TranslogCodec.readEntry(in);
                        ids.add(e.id());
                        docs.add(document(e.id(), Embedding.from(e.vector()), e.segment(), similarity));
                    }
                    writer.updateDocuments(idsQuery(ids), docs);
                }
                case OP_DELETE -> {
                    int n = in.readInt();
                    Term[] terms = new Term[n];
                    for (int i = 0; i < n; i++) {
                        terms[i] = new Term(ID, in.readUTF());
                    }
                    writer.deleteDocuments(terms);
                }
                case OP_DELETE_ALL -> writer.deleteAll();
                default -> throw new IllegalStateException("unknown write-ahead log operation " + op);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the write-ahead log: " + e.getMessage(), e);
        }
    }

    // Checked before any document reaches the writer, so a refused batch leaves nothing behind.
    private int checkDimensions(List<Embedding> embeddings) {
        int stored = dimension;
        int expected = stored > 0
                ? stored
                : Objects.requireNonNull(embeddings.getFirst(), "embedding").dimension();
        for (Embedding e : embeddings) {
            Objects.requireNonNull(e, "embedding");
            if (e.dimension() != expected) {
                throw new DimensionMismatchException(
                        "vector",
                        e.dimension(),
                        expected,
                        stored > 0 ? "set by the stored entries" : "set by the first vector of the batch");
            }
        }
        if (expected > maxDimensions) {
            throw new IllegalArgumentException(
                    "vector dimension " + expected + " exceeds maxDimensions " + maxDimensions);
        }
        return expected;
    }

    private static int dimensionOf(IndexReader reader) {
        FieldInfo info = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR);
        return info == null ? 0 : info.getVectorDimension();
    }

    private static Document document(
            String id, Embedding embedding, TextSegment segment, VectorSimilarityFunction similarity) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an entry id is blank");
        }
        Objects.requireNonNull(embedding, "embedding of " + id);
        float[] vector = embedding.vector();
        double norm = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("the vector of " + id + " has a non-finite value");
            }
            norm += (double) v * v;
        }
        if (vector.length == 0 || norm == 0) {
            throw new IllegalArgumentException(
                    "the vector of " + id + " is empty or zero; cosine similarity needs a direction");
        }
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        if (similarity == VectorSimilarityFunction.COSINE) {
            doc.add(new KnnFloatVectorField(VECTOR, vector.clone(), similarity));
        } else {
            float[] unit = vector.clone();
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < unit.length; i++) {
                unit[i] *= scale;
            }
            doc.add(new KnnFloatVectorField(VECTOR, unit, similarity));
            doc.add(new StoredField(NORM, Math.sqrt(norm)));
        }
        if (segment != null) {
            doc.add(new StoredField(TEXT, segment.text()));
            segment.metadata().toMap().forEach((key, value) -> doc.add(metadataField(key, value)));
        }
        return doc;
    }

    private static StoredField metadataField(String key, Object value) {
        return switch (value) {
            case String s -> new StoredField(META + key, s);
            case Integer v -> new StoredField(META + key, v);
            case Long v -> new StoredField(META + key, v);
            case Float v -> new StoredField(META + key, v);
            case Double v -> new StoredField(META + key, v);
            case UUID v -> new StoredField(META_UUID + key, v.toString());
            default ->
                throw new IllegalArgumentException("metadata '" + key + "' has an unsupported type "
                        + value.getClass().getName());
        };
    }

    @Override
    public void remove(String id) {
        removeAll(List.of(id));
    }

    /** Removes these entries (unknown ids are ignored) as one operation, committed before this returns. */
    @Override
    public void removeAll(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return;
        }
        List<String> unique = List.copyOf(new java.util.LinkedHashSet<>(ids));
        Translog.Record record = new Translog.Record();
        try {
            record.out.writeByte(OP_DELETE);
            record.out.writeInt(unique.size());
            for (String id : unique) {
                record.out.writeUTF(Objects.requireNonNull(id, "id"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: not reached
        }
        applyAndLog(
                record,
                () -> writer.deleteDocuments(
                        unique.stream().map(id -> new Term(ID, id)).toArray(Term[]::new)));
    }

    /** Removes the entries whose segment metadata matches, committed before this returns. */
    @Override
    public void removeAll(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        List<String> ids = withSearcher(searcher -> matchingIds(searcher, filter));
        removeAll(ids);
    }

    /** Removes every entry, committed before this returns. */
    @Override
    public void removeAll() {
        Translog.Record record = new Translog.Record();
        applyAndLog(record, () -> {
            record.out.writeByte(OP_DELETE_ALL);
            writer.deleteAll();
            dimension = 0;
        });
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments (one HNSW graph each) and commits;
     * worth calling after a bulk load, since each segment is searched with its own graph. Blocks
     * until done; searches and writes go on meanwhile.
     */
    public void forceMerge(int maxSegments) {
        try {
            writer.forceMerge(maxSegments);
            commitIndex();
            stale = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the index in " + directoryPath + ": " + e.getMessage(), e);
        }
    }

    /** How many entries the store holds. */
    public int size() {
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }

    /** How many Lucene segments the searchable index has (each searched with its own graph). */
    public int segmentCount() {
        return withSearcher(searcher -> searcher.getIndexReader().leaves().size());
    }

    /** How many write-ahead log fsyncs acknowledged writes since the store was opened (writers arriving together share one). */
    public long syncCount() {
        return translog.syncs();
    }

    /** How many Lucene commits were made since the store was opened (besides the one at opening). */
    public long indexCommitCount() {
        return indexCommits.get();
    }

    /**
     * @throws DimensionMismatchException if the query's dimension differs from the stored vectors'
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        float[] query = unit(request.queryEmbedding().vector());
        int k = request.maxResults();
        return withSearcher(searcher -> {
            IndexReader reader = searcher.getIndexReader();
            if (reader.numDocs() == 0) {
                return new EmbeddingSearchResult<>(List.of());
            }
            int stored = dimensionOf(reader);
            if (stored > 0 && stored != query.length) {
                throw new DimensionMismatchException("query", query.length, stored, null);
            }
            List<Hit> hits;
            if (request.filter() != null) {
                hits = exactSearch(searcher, query, k, request.filter());
            } else if (reader.numDocs() <= exactSearchThreshold) {
                hits = exactSearch(searcher, query, k, null);
            } else {
                hits = approximateSearch(searcher, query, k);
            }
            List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
            for (Hit hit : hits) {
                if (hit.score() >= request.minScore()) {
                    matches.add(match(searcher, hit));
                }
            }
            return new EmbeddingSearchResult<>(matches);
        });
    }

    // The query scaled to unit length (the stored vectors are), so dot products are cosines.
    private static float[] unit(float[] query) {
        double norm = 0;
        for (float v : query) {
            norm += (double) v * v;
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(
                    "the query vector is zero or not finite; cosine similarity needs a direction");
        }
        float[] unit = query.clone();
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < unit.length; i++) {
            unit[i] *= scale;
        }
        return unit;
    }

    /** A document (global id), its float vector and its exact relevance score. */
    private record Hit(int doc, float[] vector, float score) {}

    // HNSW over the quantized vectors for max(k, candidates) candidates, re-ranked with the floats.
    private List<Hit> approximateSearch(IndexSearcher searcher, float[] query, int k) throws IOException {
        TopDocs top;
        try {
            top = searcher.search(
                    new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates)), Math.max(k, candidates));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query does not fit the store: " + e.getMessage(), e);
        }
        ScoreDoc[] docs = top.scoreDocs.clone();
        Arrays.sort(docs, Comparator.comparingInt(d -> d.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Hit> hits = new ArrayList<>(docs.length);
        int leafIndex = -1;
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator it = null;
        LeafReaderContext leaf = null;
        for (ScoreDoc d : docs) {
            int li = ReaderUtil.subIndex(d.doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                values = leaf.reader().getFloatVectorValues(VECTOR);
                it = values.iterator();
            }
            int local = d.doc - leaf.docBase;
            if (it.docID() > local || it.advance(local) != local) {
                continue; // not possible for a hit of the vector query; skipped rather than failing the search
            }
            float[] v = values.vectorValue(it.index()).clone();
            hits.add(new Hit(d.doc, v, similarity.compare(query, v)));
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::doc));
        return hits.size() > k ? hits.subList(0, k) : hits;
    }

    // Every live vector (or every one whose metadata matches the filter), ranked exactly.
    private List<Hit> exactSearch(IndexSearcher searcher, float[] query, int k, Filter filter) throws IOException {
        PriorityQueue<Hit> best = new PriorityQueue<>(
                Comparator.comparingDouble(Hit::score).thenComparing(Hit::doc, Comparator.reverseOrder()));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            FloatVectorValues values = reader.getFloatVectorValues(VECTOR);
            if (values == null) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            StoredFields stored = filter == null ? null : reader.storedFields();
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int doc = it.nextDoc(); doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                if (filter != null) {
                    Document d = stored.document(doc);
                    if (d.get(TEXT) == null || !filter.test(metadata(d))) {
                        continue;
                    }
                }
                float[] v = values.vectorValue(it.index());
                float score = similarity.compare(query, v);
                if (best.size() < k || score > best.peek().score()) {
                    best.add(new Hit(leaf.docBase + doc, v.clone(), score));
                    if (best.size() > k) {
                        best.poll();
                    }
                }
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::doc));
        return hits;
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
            if (stale) {
                synchronized (searchers) {
                    if (stale) {
                        stale = false; // a write acknowledged from here on marks it stale again
                        searchers.maybeRefreshBlocking();
                    }
                }
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index in " + directoryPath + ": " + e.getMessage(), e);
        }
    }

    private static List<String> matchingIds(IndexSearcher searcher, Filter filter) throws IOException {
        List<String> ids = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Bits live = reader.getLiveDocs();
            StoredFields stored = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                Document d = stored.document(doc);
                if (d.get(TEXT) != null && filter.test(metadata(d))) {
                    ids.add(d.get(ID));
                }
            }
        }
        return ids;
    }

    private static EmbeddingMatch<TextSegment> match(IndexSearcher searcher, Hit hit) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc(), leaves));
        Document d = leaf.reader().storedFields().document(hit.doc() - leaf.docBase);
        String text = d.get(TEXT);
        TextSegment segment = text == null ? null : TextSegment.from(text, metadata(d));
        float[] vector = hit.vector();
        IndexableField norm = d.getField(NORM);
        if (norm != null) { // stored as a unit vector: give back the caller's length
            float length = (float) norm.numericValue().doubleValue();
            for (int i = 0; i < vector.length; i++) {
                vector[i] *= length;
            }
        }
        return new EmbeddingMatch<>((double) hit.score(), d.get(ID), Embedding.from(vector), segment);
    }

    private static Metadata metadata(Document d) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (IndexableField f : d.getFields()) {
            if (f.name().startsWith(META_UUID)) {
                map.put(f.name().substring(META_UUID.length()), UUID.fromString(f.stringValue()));
            } else if (f.name().startsWith(META)) {
                Object value = f.numericValue() != null ? f.numericValue() : f.stringValue();
                map.put(f.name().substring(META.length()), value);
            }
        }
        return Metadata.from(map);
    }

    /**
     * Closes the index after committing what is pending; committed entries stay on disk for the next
     * store opened on the folder. Writers still waiting for a commit get an {@link IllegalStateException}.
     */
    @Override
    public void close() {
        indexCommitter.shutdown();
        try {
            indexCommitter.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            commitIndex(); // the next opening then has no log to replay
            translog.close();
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index in " + directoryPath + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link LuceneEmbeddingStore}; not thread-safe. */
    public static final class Builder {
        private Path directory;
        private Integer maxDimensions;
        private Integer candidates;
        private Integer exactSearchThreshold;
        private Quantization quantization;
        private Integer maxConnections;
        private Integer beamWidth;
        private Integer graphThreshold;
        private Double segmentsPerTier;
        private Long translogBytes;

        private Builder() {}

        /** Required: the index folder, created when missing. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Widest vector accepted; default {@value #DEFAULT_MAX_DIMENSIONS}. */
        public Builder maxDimensions(Integer maxDimensions) {
            this.maxDimensions = maxDimensions;
            return this;
        }

        /**
         * HNSW candidates fetched per query and re-ranked with the float vectors (at least
         * {@code maxResults}); more raise recall and cost; default {@value #DEFAULT_CANDIDATES}.
         */
        public Builder candidates(Integer candidates) {
            this.candidates = candidates;
            return this;
        }

        /** Stores with at most this many entries are scanned exactly; default {@value #DEFAULT_EXACT_SEARCH_THRESHOLD}. */
        public Builder exactSearchThreshold(Integer exactSearchThreshold) {
            this.exactSearchThreshold = exactSearchThreshold;
            return this;
        }

        /** Quantization of the vectors the graph is built and walked on; default {@link Quantization#INT7}. */
        public Builder quantization(Quantization quantization) {
            this.quantization = quantization;
            return this;
        }

        /** HNSW neighbours per node ({@code M}); default {@value #DEFAULT_MAX_CONNECTIONS}. */
        public Builder maxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** HNSW candidates kept while inserting ({@code efConstruction}); default {@value #DEFAULT_BEAM_WIDTH}. */
        public Builder beamWidth(Integer beamWidth) {
            this.beamWidth = beamWidth;
            return this;
        }

        /**
         * Lucene's tiny-segment threshold: a segment gets an HNSW graph only above about
         * {@code graphThreshold × ln(size)} vectors (smaller ones are scanned); 0 always builds one;
         * default {@value #DEFAULT_GRAPH_THRESHOLD}.
         */
        public Builder graphThreshold(Integer graphThreshold) {
            this.graphThreshold = graphThreshold;
            return this;
        }

        /** Segments per tier of Lucene's tiered merge policy (fewer: more merging, fewer graphs per search); default 4. */
        public Builder segmentsPerTier(Double segmentsPerTier) {
            this.segmentsPerTier = segmentsPerTier;
            return this;
        }

        /**
         * Size the write-ahead log may reach before the Lucene index is committed (in the background)
         * and the log truncated; a crash replays at most this much on the next opening; default
         * {@value #DEFAULT_TRANSLOG_BYTES}.
         */
        public Builder translogBytes(Long translogBytes) {
            this.translogBytes = translogBytes;
            return this;
        }

        /**
         * Opens (or creates) the index.
         *
         * @throws NullPointerException if no directory was given
         * @throws IllegalArgumentException if a setting is out of range
         * @throws IllegalStateException if another store or process has the folder open
         * @throws UncheckedIOException if the folder cannot be created or read
         */
        public LuceneEmbeddingStore build() {
            return new LuceneEmbeddingStore(this);
        }
    }
}
