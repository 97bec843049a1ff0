package io.radio4j.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import io.radio4j.langchain.store.BatchEmbeddingStore;
import io.radio4j.langchain.store.DimensionMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s in an Apache Solr collection, so that
 * several replicas of a service share one vector index (SolrCloud shards and replicates it). Search
 * is Solr's {@code {!knn}} query over a {@code DenseVectorField} (Lucene HNSW, cosine).
 *
 * <pre>{@code
 * SolrEmbeddingStore store = SolrEmbeddingStore.builder()
 *         .baseUrl("http://solr-1:8983/solr").collection("images").dimension(1536).build();
 * store.add(embedding, TextSegment.from("cat.jpg"));
 * store.search(EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(5).build());
 * }</pre>
 *
 * <p><b>Schema:</b> with {@link Builder#dimension(Integer)} set, {@code build()} adds what the store
 * needs to the collection's managed schema through Solr's Schema API when its vector field is
 * missing: the field {@code vector} ({@code solr.DenseVectorField}, cosine), {@code text}, and
 * dynamic fields {@code m_<type>_<key>} for metadata values (String, Integer, Long, Float, Double,
 * UUID keep their types). Solr accepts vectors wider than Lucene's default 1024 dimensions. Vectors
 * and queries of another width than the collection's vector field are refused with
 * {@link DimensionMismatchException} before any request, as {@code LuceneEmbeddingStore} refuses them.
 *
 * <p><b>Writes</b> are acknowledged after Solr accepted them on the shard leader and its replicas
 * (Solr's update log makes them durable) and made visible with a soft commit, so a search through any
 * replica right after sees them. Adding with an existing id replaces the entry.
 *
 * <p><b>Search:</b> scores are LangChain4j relevance scores, {@code (cos + 1) / 2} (Lucene's cosine
 * score). {@link Builder#candidates(Integer)} neighbours are fetched per shard (at least
 * {@code maxResults}). Metadata filters are not supported ({@link UnsupportedFeatureException}).
 * Thread-safe; holds no connection state beyond a JDK {@link HttpClient}.
 */
public final class SolrEmbeddingStore extends BatchEmbeddingStore {

    /** Default of {@link Builder#candidates(Integer)}. */
    public static final int DEFAULT_CANDIDATES = 100;

    private static final String ID = "id";
    private static final String VECTOR = "vector";
    private static final String TEXT = "text";
    private static final String META = "m_";
    private static final Map<String, String> META_TYPES =
            Map.of("s", "string", "i", "pint", "l", "plong", "f", "pfloat", "d", "pdouble", "u", "string");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI collectionUri;
    private final String collection;
    private final int candidates;
    private final Duration timeout;
    private final HttpClient http;
    /** The width of the collection's vector field, read from its schema once known; 0 until then. */
    private volatile int width;

    private SolrEmbeddingStore(Builder b) {
        String base = Objects.requireNonNull(b.baseUrl, "baseUrl is required").replaceAll("/+$", "");
        this.collection = Objects.requireNonNull(b.collection, "collection is required");
        this.collectionUri = URI.create(base + "/" + URLEncoder.encode(collection, StandardCharsets.UTF_8) + "/");
        this.candidates = b.candidates == null ? DEFAULT_CANDIDATES : b.candidates;
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.timeout = b.timeout == null ? Duration.ofSeconds(30) : b.timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        if (b.dimension != null) {
            if (b.dimension < 1) {
                throw new IllegalArgumentException("dimension must be >= 1, got " + b.dimension);
            }
            ensureSchema(b.dimension);
            width = schemaWidth();
        }
    }

    /** A builder; {@link Builder#baseUrl(String)} and {@link Builder#collection(String)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- schema -------------------------------------------------------------------------------

    private void ensureSchema(int dimension) {
        if (hasVectorField()) {
            return;
        }
        ObjectNode commands = JSON.createObjectNode();
        ArrayNode types = commands.putArray("add-field-type");
        types.addObject()
                .put("name", "radio4j_vector_" + dimension)
                .put("class", "solr.DenseVectorField")
                .put("vectorDimension", dimension)
                .put("similarityFunction", "cosine")
                .put("knnAlgorithm", "hnsw");
        types.addObject().put("name", "string").put("class", "solr.StrField").put("sortMissingLast", true);
        types.addObject().put("name", "pint").put("class", "solr.IntPointField").put("docValues", true);
        types.addObject()
                .put("name", "plong")
                .put("class", "solr.LongPointField")
                .put("docValues", true);
        types.addObject()
                .put("name", "pfloat")
                .put("class", "solr.FloatPointField")
                .put("docValues", true);
        types.addObject()
                .put("name", "pdouble")
                .put("class", "solr.DoublePointField")
                .put("docValues", true);
        JsonNode existingTypes = get("schema/fieldtypes", Map.of()).path("fieldTypes");
        for (Iterator<JsonNode> it = types.iterator(); it.hasNext(); ) {
            String name = it.next().path("name").asText();
            for (JsonNode t : existingTypes) {
                if (t.path("name").asText().equals(name)) {
                    it.remove();
                    break;
                }
            }
        }
        commands.putArray("add-field")
                .addObject()
                .put("name", VECTOR)
                .put("type", "radio4j_vector_" + dimension)
                .put("indexed", true)
                .put("stored", true);
        ((ArrayNode) commands.get("add-field"))
                .addObject()
                .put("name", TEXT)
                .put("type", "string")
                .put("indexed", false)
                .put("docValues", false)
                .put("stored", true);
        ArrayNode dynamic = commands.putArray("add-dynamic-field");
        META_TYPES.forEach((code, type) -> dynamic.addObject()
                .put("name", META + code + "_*")
                .put("type", type)
                .put("indexed", true)
                .put("stored", true));
        try {
            post("schema", Map.of(), commands);
        } catch (SolrException e) {
            if (!hasVectorField()) { // another replica may have added it meanwhile
                throw e;
            }
        }
    }

    /** The collection's vector width from its schema, or 0 while it has no vector field. */
    private int schemaWidth() {
        JsonNode field;
        try {
            field = get("schema/fields/" + VECTOR, Map.of()).path("field");
        } catch (SolrException e) {
            if (e.status() == 404) {
                return 0;
            }
            throw e;
        }
        String type = URLEncoder.encode(field.path("type").asText(), StandardCharsets.UTF_8);
        return get("schema/fieldtypes/" + type, Map.of())
                .path("fieldType")
                .path("vectorDimension")
                .asInt(0);
    }

    private boolean hasVectorField() {
        try {
            get("schema/fields/" + VECTOR, Map.of());
            return true;
        } catch (SolrException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    // ---- writes -------------------------------------------------------------------------------

    /**
     * Adds or replaces entries in one update request, visible to searches on every replica when this returns.
     *
     * @throws DimensionMismatchException if a vector's width differs from the collection's vector field
     *     (before any update is sent)
     * @throws IllegalArgumentException if the lists differ in size, an id is blank, or a vector is zero
     * @throws SolrException if Solr refuses the update
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        if (!checkBatch(ids, embeddings, segments)) {
            return;
        }
        int expected = width();
        ArrayNode docs = JSON.createArrayNode();
        for (int i = 0; i < ids.size(); i++) {
            checkDimension(
                    expected,
                    Objects.requireNonNull(embeddings.get(i), "embedding").dimension(),
                    "vector");
            docs.add(document(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
        }
        post("update", Map.of("softCommit", "true", "wt", "json"), docs);
    }

    // Solr answers a bare 400/500 for a vector of the wrong width; the same typed error as the Lucene
    // store's lets callers of the EmbeddingStore interface handle "another model's index" by type.
    // The width is the schema's (what Solr enforces), read once and kept: a field type cannot change
    // width in place.
    private int width() {
        int known = width;
        if (known == 0) {
            known = schemaWidth();
            width = known;
        }
        return known;
    }

    private void checkDimension(int expected, int got, String what) {
        if (expected > 0 && got != expected) {
            throw new DimensionMismatchException(what, got, expected, "the vector field of collection " + collection);
        }
    }

    private static ObjectNode document(String id, Embedding embedding, TextSegment segment) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an entry id is blank");
        }
        float[] vector = Objects.requireNonNull(embedding, "embedding of " + id).vector();
        double norm = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("the vector of " + id + " has a non-finite value");
            }
            norm += (double) v * v;
        }
        if (norm == 0) {
            throw new IllegalArgumentException(
                    "the vector of " + id + " is empty or zero; cosine similarity needs a direction");
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put(ID, id);
        ArrayNode v = doc.putArray(VECTOR);
        for (float x : vector) {
            v.add(x);
        }
        if (segment != null) {
            doc.put(TEXT, segment.text());
            segment.metadata().toMap().forEach((key, value) -> {
                switch (value) {
                    case String s -> doc.put(META + "s_" + key, s);
                    case Integer x -> doc.put(META + "i_" + key, x);
                    case Long x -> doc.put(META + "l_" + key, x);
                    case Float x -> doc.put(META + "f_" + key, x);
                    case Double x -> doc.put(META + "d_" + key, x);
                    case UUID x -> doc.put(META + "u_" + key, x.toString());
                    default ->
                        throw new IllegalArgumentException("metadata '" + key + "' has an unsupported type "
                                + value.getClass().getName());
                }
            });
        }
        return doc;
    }

    @Override
    public void remove(String id) {
        removeAll(List.of(id));
    }

    /** Removes these entries (unknown ids are ignored). */
    @Override
    public void removeAll(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode delete = body.putArray("delete");
        ids.forEach(delete::add);
        post("update", Map.of("softCommit", "true", "wt", "json"), body);
    }

    /** Not supported: metadata filters are not translated to Solr queries. */
    @Override
    public void removeAll(Filter filter) {
        throw new UnsupportedFeatureException("SolrEmbeddingStore does not support metadata filters");
    }

    /** Removes every entry of the collection. */
    @Override
    public void removeAll() {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("delete").put("query", "*:*");
        post("update", Map.of("softCommit", "true", "wt", "json"), body);
    }

    // ---- search -------------------------------------------------------------------------------

    /**
     * @throws UnsupportedFeatureException if the request has a metadata filter
     * @throws DimensionMismatchException if the query's width differs from the collection's vector field
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.filter() != null) {
            throw new UnsupportedFeatureException("SolrEmbeddingStore does not support metadata filters");
        }
        float[] query = request.queryEmbedding().vector();
        checkDimension(width(), query.length, "query");
        StringBuilder q =
                new StringBuilder("{!knn f=" + VECTOR + " topK=" + Math.max(candidates, request.maxResults()) + "}[");
        for (int i = 0; i < query.length; i++) {
            q.append(i == 0 ? "" : ",").append(query[i]);
        }
        q.append(']');
        Map<String, String> params = new LinkedHashMap<>();
        params.put("fl", "*,score");
        params.put("rows", Integer.toString(request.maxResults()));
        params.put("wt", "json");
        ObjectNode body = JSON.createObjectNode();
        body.put("query", q.toString());
        JsonNode response = post("select", params, body);
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
        for (JsonNode doc : response.path("response").path("docs")) {
            double score = doc.path("score").asDouble();
            if (score >= request.minScore()) {
                matches.add(match(doc, score));
            }
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static EmbeddingMatch<TextSegment> match(JsonNode doc, double score) {
        JsonNode v = doc.path(VECTOR);
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) v.get(i).asDouble();
        }
        TextSegment segment = null;
        if (doc.has(TEXT)) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            doc.properties().forEach(e -> {
                String name = e.getKey();
                if (name.startsWith(META) && name.length() > 4 && name.charAt(3) == '_') {
                    String key = name.substring(4);
                    JsonNode value = e.getValue().isArray() ? e.getValue().get(0) : e.getValue();
                    switch (name.charAt(2)) {
                        case 's' -> metadata.put(key, value.asText());
                        case 'i' -> metadata.put(key, value.asInt());
                        case 'l' -> metadata.put(key, value.asLong());
                        case 'f' -> metadata.put(key, (float) value.asDouble());
                        case 'd' -> metadata.put(key, value.asDouble());
                        case 'u' -> metadata.put(key, UUID.fromString(value.asText()));
                        default -> {} // not one of this store's fields
                    }
                }
            });
            JsonNode text = doc.get(TEXT);
            segment = TextSegment.from(text.isArray() ? text.get(0).asText() : text.asText(), Metadata.from(metadata));
        }
        return new EmbeddingMatch<>(score, doc.path(ID).asText(), Embedding.from(vector), segment);
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** Solr answered with an error status. */
    public static final class SolrException extends RuntimeException {
        private final int status;

        SolrException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status Solr answered with. */
        public int status() {
            return status;
        }
    }

    private JsonNode get(String path, Map<String, String> params) {
        return send(HttpRequest.newBuilder(uri(path, params)).GET());
    }

    private JsonNode post(String path, Map<String, String> params, JsonNode body) {
        try {
            return send(HttpRequest.newBuilder(uri(path, params))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree always serialises
        }
    }

    private URI uri(String path, Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return collectionUri.resolve(path + query);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Solr collection " + collection + " at " + collectionUri + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Solr", e);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode().put("raw", new String(response.body(), StandardCharsets.UTF_8));
        }
        if (response.statusCode() / 100 != 2) {
            String message = body.path("error").path("msg").asText(body.toString());
            throw new SolrException(
                    response.statusCode(),
                    "Solr answered " + response.statusCode() + " for "
                            + response.request().method() + " "
                            + response.request().uri().getPath() + ": " + message);
        }
        return body;
    }

    /** Builds a {@link SolrEmbeddingStore}; not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String collection;
        private Integer dimension;
        private Integer candidates;
        private Duration timeout;

        private Builder() {}

        /** Required: a Solr node's base URL, such as {@code http://solr-1:8983/solr}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Required: the collection (it must exist; its schema must be managed, i.e. mutable). */
        public Builder collection(String collection) {
            this.collection = collection;
            return this;
        }

        /**
         * The vector width; when set, the store's fields are added to the schema if missing. Vectors
         * are checked against the width of the collection's vector field in any case (read from its
         * schema on first use when this is not set).
         */
        public Builder dimension(Integer dimension) {
            this.dimension = dimension;
            return this;
        }

        /** HNSW neighbours fetched per query (Solr's {@code topK}); default {@value #DEFAULT_CANDIDATES}. */
        public Builder candidates(Integer candidates) {
            this.candidates = candidates;
            return this;
        }

        /** Connect and request timeout; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * @throws SolrException if the schema cannot be read or extended
         * @throws UncheckedIOException if Solr is unreachable
         */
        public SolrEmbeddingStore build() {
            return new SolrEmbeddingStore(this);
        }
    }
}
