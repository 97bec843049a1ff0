package io.radio4j.service.index;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import io.radio4j.service.index.internal.HighDimensionHnswFormat;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
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
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s kept in a Lucene index on disk, searched
 * with Lucene's HNSW graph ({@link KnnFloatVectorField}, cosine similarity).
 *
 * <pre>{@code
 * try (LuceneEmbeddingStore store = LuceneEmbeddingStore.builder().directory(Path.of("data/index")).build()) {
 *     store.add(embedding, TextSegment.from("cat.jpg"));
 *     store.search(EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(5).build());
 * }
 * }</pre>
 *
 * <p><b>Durability:</b> every method that changes the store commits (Lucene fsyncs the new segment
 * files and the commit point) before it returns, so a write that returned survives a crash or
 * {@code kill -9}; a write interrupted by a crash is either wholly there or absent. Adding with an
 * existing id replaces that entry (upsert). One process at a time may open a folder: a second one
 * fails with {@link IllegalStateException} (Lucene's write lock; the OS releases it when the owner dies).
 *
 * <p><b>Search:</b> scores are LangChain4j relevance scores, {@code (cos + 1) / 2}, which is what
 * Lucene's cosine scoring returns. HNSW is approximate: on large indexes a true neighbour can be
 * missed. A metadata {@link Filter} is evaluated on every stored entry (linear in the store's size)
 * and the matching ids restrict the vector search, so filtered searches still return up to
 * {@code maxResults} matches.
 *
 * <p>Vectors are limited to {@link #DEFAULT_MAX_DIMENSIONS} dimensions (Lucene's own limit is 1024,
 * below RADIO's widths); all vectors in one store have the same dimension and a non-zero norm.
 * Thread-safe; {@link #close()} it to release the folder.
 */
public final class LuceneEmbeddingStore implements EmbeddingStore<TextSegment>, AutoCloseable {

    /** Default of {@link Builder#maxDimensions(Integer)}: wide enough for C-RADIOv4-H (2560). */
    public static final int DEFAULT_MAX_DIMENSIONS = 4096;

    /**
     * A vector whose dimension differs from the stored ones': typically an index built with one model
     * and used with another (the tiny stand-ins, then the real RADIO-CLIP).
     */
    public static final class DimensionMismatchException extends IllegalArgumentException {
        DimensionMismatchException(String message) {
            super(message);
        }
    }

    private static final String ID = "id";
    private static final String VECTOR = "vector";
    private static final String TEXT = "text";
    // Typed stored fields keep each metadata value's Java type; UUIDs have no stored type of their own.
    private static final String META = "meta.";
    private static final String META_UUID = "meta_uuid.";

    private final Path directoryPath;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int maxDimensions;

    private LuceneEmbeddingStore(Builder b) {
        this.directoryPath = Objects.requireNonNull(b.directory, "directory is required").toAbsolutePath().normalize();
        this.maxDimensions = b.maxDimensions == null ? DEFAULT_MAX_DIMENSIONS : b.maxDimensions;
        if (maxDimensions < 1) {
            throw new IllegalArgumentException("maxDimensions must be >= 1, got " + maxDimensions);
        }
        KnnVectorsFormat format = new HighDimensionHnswFormat(maxDimensions);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return format;
                    }
                });
        FSDirectory dir = null;
        IndexWriter w = null;
        try {
            Files.createDirectories(directoryPath);
            dir = FSDirectory.open(directoryPath);
            w = new IndexWriter(dir, config);
            this.searchers = new SearcherManager(w, new SearcherFactory());
        } catch (LockObtainFailedException e) {
            closeQuietly(w, dir);
            throw new IllegalStateException("the index folder " + directoryPath + " is already open in another store or process", e);
        } catch (IOException e) {
            closeQuietly(w, dir);
            throw new UncheckedIOException("cannot open the index folder " + directoryPath + ": " + e.getMessage(), e);
        }
        this.directory = dir;
        this.writer = w;
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

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), segment == null ? null : List.of(segment));
        return id;
    }

    /** Adds or replaces the entry {@code id}, committed before this returns; see {@link #addAll(List, List, List)}. */
    public void add(String id, Embedding embedding, TextSegment segment) {
        addAll(List.of(id), List.of(embedding), segment == null ? null : List.of(segment));
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings, List<TextSegment> segments) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, segments);
        return ids;
    }

    /**
     * Adds or replaces entries, committed together before this returns.
     *
     * @param segments one per embedding, or null for none (an element may be null)
     * @throws IllegalArgumentException if the lists differ in size, an id is blank, or a vector is
     *     empty, zero, not finite or too wide
     * @throws DimensionMismatchException if a vector's dimension differs from the stored ones' (or
     *     from the batch's first)
     * @throws UncheckedIOException if the index cannot be written
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size())) {
            throw new IllegalArgumentException("ids, embeddings and segments differ in size: " + ids.size() + ", "
                    + embeddings.size() + ", " + (segments == null ? "none" : segments.size()));
        }
        checkDimensions(embeddings);
        List<Document> documents = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            documents.add(document(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
        }
        try {
            for (int i = 0; i < documents.size(); i++) {
                writer.updateDocument(new Term(ID, ids.get(i)), documents.get(i));
            }
        } catch (IllegalArgumentException e) {
            // Lucene's own check, met only when another thread's first write raced this one's.
            throw new IllegalArgumentException("the store refused the vectors: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + directoryPath + ": " + e.getMessage(), e);
        }
        commit();
    }

    // Checked before any document reaches the writer: Lucene would accept the first documents of a
    // batch and refuse a later one, and the accepted ones would go out with the next commit.
    private void checkDimensions(List<Embedding> embeddings) {
        if (embeddings.isEmpty()) {
            return;
        }
        int stored = storedDimension();
        int expected = stored > 0 ? stored : embeddings.getFirst().dimension();
        for (Embedding e : embeddings) {
            Objects.requireNonNull(e, "embedding");
            if (e.dimension() != expected) {
                throw new DimensionMismatchException("vector dimension " + e.dimension() + " differs from the store's " + expected
                        + (stored > 0 ? " (set by the stored entries)" : " (set by the first vector of the batch)"));
            }
        }
        if (expected > maxDimensions) {
            throw new IllegalArgumentException("vector dimension " + expected + " exceeds maxDimensions " + maxDimensions);
        }
    }

    /** The dimension of the stored vectors, or 0 when none were ever committed. */
    private int storedDimension() {
        return withSearcher(searcher -> dimensionOf(searcher.getIndexReader()));
    }

    private static int dimensionOf(IndexReader reader) {
        FieldInfo info = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR);
        return info == null ? 0 : info.getVectorDimension();
    }

    private static Document document(String id, Embedding embedding, TextSegment segment) {
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
            throw new IllegalArgumentException("the vector of " + id + " is empty or zero; cosine similarity needs a direction");
        }
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector.clone(), VectorSimilarityFunction.COSINE));
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
            default -> throw new IllegalArgumentException("metadata '" + key + "' has an unsupported type " + value.getClass().getName());
        };
    }

    @Override
    public void remove(String id) {
        removeAll(List.of(id));
    }

    /** Removes these entries (unknown ids are ignored), committed before this returns. */
    @Override
    public void removeAll(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return;
        }
        try {
            writer.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + directoryPath + ": " + e.getMessage(), e);
        }
        commit();
    }

    /** Removes the entries whose segment metadata matches, committed before this returns. */
    @Override
    public void removeAll(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        removeAll(matchingIds(filter));
    }

    /** Removes every entry, committed before this returns. */
    @Override
    public void removeAll() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index in " + directoryPath + ": " + e.getMessage(), e);
        }
        commit();
    }

    private void commit() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the index in " + directoryPath + ": " + e.getMessage(), e);
        }
    }

    /** How many entries the store holds. */
    public int size() {
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }

    /**
     * @throws DimensionMismatchException if the query's dimension differs from the stored vectors'
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        float[] query = request.queryEmbedding().vector();
        return withSearcher(searcher -> {
            if (searcher.getIndexReader().numDocs() == 0) {
                return new EmbeddingSearchResult<>(List.of());
            }
            int stored = dimensionOf(searcher.getIndexReader());
            if (stored > 0 && stored != query.length) {
                throw new DimensionMismatchException("query dimension " + query.length + " differs from the store's " + stored);
            }
            Query filter = null;
            if (request.filter() != null) {
                List<String> ids = matchingIds(searcher, request.filter());
                if (ids.isEmpty()) {
                    return new EmbeddingSearchResult<>(List.of());
                }
                filter = new TermInSetQuery(ID, ids.stream().map(BytesRef::new).toList());
            }
            TopDocs top;
            try {
                top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, request.maxResults(), filter), request.maxResults());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the query does not fit the store: " + e.getMessage(), e);
            }
            List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                if (hit.score >= request.minScore()) {
                    matches.add(match(searcher, hit));
                }
            }
            return new EmbeddingSearchResult<>(matches);
        });
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        try {
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

    private List<String> matchingIds(Filter filter) {
        return withSearcher(searcher -> matchingIds(searcher, filter));
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

    private static EmbeddingMatch<TextSegment> match(IndexSearcher searcher, ScoreDoc hit) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
        int local = hit.doc - leaf.docBase;
        Document d = leaf.reader().storedFields().document(local);
        String text = d.get(TEXT);
        TextSegment segment = text == null ? null : TextSegment.from(text, metadata(d));
        return new EmbeddingMatch<>((double) hit.score, d.get(ID), Embedding.from(vector(leaf.reader(), local)), segment);
    }

    private static float[] vector(LeafReader reader, int doc) throws IOException {
        FloatVectorValues values = reader.getFloatVectorValues(VECTOR);
        KnnVectorValues.DocIndexIterator it = values.iterator();
        if (it.advance(doc) != doc) {
            throw new IllegalStateException("entry " + doc + " has no vector");
        }
        return values.vectorValue(it.index()).clone();
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

    /** Closes the index; committed entries stay on disk for the next store opened on the folder. */
    @Override
    public void close() {
        try {
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
         * Opens (or creates) the index.
         *
         * @throws NullPointerException if no directory was given
         * @throws IllegalStateException if another store or process has the folder open
         * @throws UncheckedIOException if the folder cannot be created or read
         */
        public LuceneEmbeddingStore build() {
            return new LuceneEmbeddingStore(this);
        }
    }
}
