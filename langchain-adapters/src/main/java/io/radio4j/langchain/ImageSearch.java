package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Searches images stored by {@link ImageIngestor}: by text (with a text-and-image model such as
 * {@link RadioClipEmbeddingModel}) or by an example image (with any image model), and as a
 * LangChain4j {@link ContentRetriever} for RAG pipelines.
 *
 * <pre>{@code
 * ImageSearch search = ImageSearch.builder().embeddingModel(clip).embeddingStore(store).maxResults(5).build();
 * List<ImageMatch> cats = search.byText("a cat on a sofa");
 * List<ImageMatch> similar = search.byImage(Path.of("query.jpg"));
 * ContentRetriever retriever = search.contentRetriever();   // text queries → image references with scores
 * }</pre>
 *
 * <p>The query must be embedded by the same model (and so the same space) as the stored images.
 * Matches come best first, as the store ranks them; scores are the store's relevance scores.
 * Thread-safe if the model and store are.
 */
public final class ImageSearch {

    /** Default of {@link Builder#maxResults(Integer)}. */
    public static final int DEFAULT_MAX_RESULTS = 10;
    /** Default of {@link Builder#minScore(Double)}: no threshold. */
    public static final double DEFAULT_MIN_SCORE = 0.0;

    private final EmbeddingModel model;
    private final EmbeddingStore<TextSegment> store;
    private final int maxResults;
    private final double minScore;
    private final Filter filter;

    private ImageSearch(Builder b) {
        this.model = Objects.requireNonNull(b.model, "embeddingModel is required");
        this.store = Objects.requireNonNull(b.store, "embeddingStore is required");
        this.maxResults = b.maxResults == null ? DEFAULT_MAX_RESULTS : b.maxResults;
        this.minScore = b.minScore == null ? DEFAULT_MIN_SCORE : b.minScore;
        if (maxResults < 1 || !(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException(
                    "maxResults must be >= 1 and minScore in [0, 1], got " + maxResults + " and " + minScore);
        }
        this.filter = b.filter;
    }

    /** A builder; the embedding model and store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Images best matching a text.
     *
     * @throws dev.langchain4j.exception.UnsupportedFeatureException if the model does not embed text
     * @throws IllegalArgumentException if the text is blank
     */
    public List<ImageMatch> byText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("query text is blank");
        }
        return search(model.embed(EmbeddingRequest.builder().input(text).build())
                .embeddings()
                .getFirst());
    }

    /** Images most similar to an encoded image (JPEG, PNG, GIF, BMP, WebP). */
    public List<ImageMatch> byImage(byte[] image, String mimeType) {
        return byImage(ImageContent.from(Base64.getEncoder().encodeToString(image), mimeType));
    }

    /**
     * Images most similar to an image file (read here, so it works with file URLs disabled).
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public List<ImageMatch> byImage(Path file) {
        try {
            return byImage(Files.readAllBytes(file), "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read query image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Images most similar to an image given as LangChain4j content.
     *
     * @throws dev.langchain4j.exception.UnsupportedFeatureException if the model does not embed images
     */
    public List<ImageMatch> byImage(ImageContent image) {
        if (!model.supportedContentTypes().contains(ContentType.IMAGE)) {
            throw new dev.langchain4j.exception.UnsupportedFeatureException(
                    "the embedding model does not embed images");
        }
        return search(model.embed(EmbeddingRequest.builder().input(image).build())
                .embeddings()
                .getFirst());
    }

    /** Stored images nearest an embedding of the same space. */
    public List<ImageMatch> search(Embedding query) {
        EmbeddingSearchRequest.EmbeddingSearchRequestBuilder request = EmbeddingSearchRequest.builder()
                .queryEmbedding(query)
                .maxResults(maxResults)
                .minScore(minScore);
        if (filter != null) {
            request.filter(filter);
        }
        return store.search(request.build()).matches().stream()
                .map(ImageSearch::toMatch)
                .toList();
    }

    private static ImageMatch toMatch(EmbeddingMatch<TextSegment> m) {
        TextSegment segment = m.embedded();
        String reference = segment == null ? m.embeddingId() : segment.text();
        Map<String, Object> metadata =
                segment == null ? Map.of() : segment.metadata().toMap();
        return new ImageMatch(reference, m.score(), m.embeddingId(), metadata);
    }

    /**
     * This search as a {@link ContentRetriever}: each text query returns the matching images as
     * segments whose text is a short caption ({@link #caption(ImageMatch)}: file name, size, type;
     * never the full path, which would reach the language model) and whose metadata is the stored
     * {@link ImageMetadata}, with {@link ImageMetadata#PATH} always set to the image's reference,
     * plus {@link ContentMetadata#SCORE} and {@link ContentMetadata#EMBEDDING_ID}; best first.
     * Pair it with {@link ImageContentInjector} to hand the images themselves to a vision model.
     */
    public ContentRetriever contentRetriever() {
        return query -> retrieve(query);
    }

    private List<Content> retrieve(Query query) {
        return byText(query.text()).stream().map(ImageSearch::toContent).toList();
    }

    static Content toContent(ImageMatch m) {
        Map<String, Object> metadata = new java.util.HashMap<>(m.metadata());
        metadata.putIfAbsent(ImageMetadata.PATH, m.reference());
        return Content.from(
                TextSegment.from(caption(m), new dev.langchain4j.data.document.Metadata(metadata)),
                Map.of(ContentMetadata.SCORE, m.score(), ContentMetadata.EMBEDDING_ID, m.embeddingId()));
    }

    /**
     * A caption for a match, for a language model to read: {@code image "cat.png" (640x480, image/png)}.
     * Only the last part of the reference is shown.
     */
    public static String caption(ImageMatch m) {
        String ref = m.reference();
        int slash = Math.max(ref.lastIndexOf('/'), ref.lastIndexOf('\\'));
        StringBuilder sb =
                new StringBuilder("image \"").append(ref.substring(slash + 1)).append('"');
        Object mime = m.metadata().get(ImageMetadata.MIME_TYPE);
        if (m.width() != null && m.height() != null) {
            sb.append(" (")
                    .append(m.width())
                    .append('x')
                    .append(m.height())
                    .append(mime == null ? "" : ", " + mime)
                    .append(')');
        } else if (mime != null) {
            sb.append(" (").append(mime).append(')');
        }
        return sb.toString();
    }

    /** Builds an {@link ImageSearch}; not thread-safe. */
    public static final class Builder {
        private EmbeddingModel model;
        private EmbeddingStore<TextSegment> store;
        private Integer maxResults;
        private Double minScore;
        private Filter filter;

        private Builder() {}

        /** Required: the model the images were embedded with. */
        public Builder embeddingModel(EmbeddingModel model) {
            this.model = model;
            return this;
        }

        /** Required: where the images are stored. */
        public Builder embeddingStore(EmbeddingStore<TextSegment> store) {
            this.store = store;
            return this;
        }

        /** Most matches returned; default {@value #DEFAULT_MAX_RESULTS}. */
        public Builder maxResults(Integer maxResults) {
            this.maxResults = maxResults;
            return this;
        }

        /** Lowest relevance score returned, in [0, 1]; default {@value #DEFAULT_MIN_SCORE}. */
        public Builder minScore(Double minScore) {
            this.minScore = minScore;
            return this;
        }

        /** A metadata filter, e.g. {@code metadataKey(ImageMetadata.WIDTH).isGreaterThan(1000)}; default none. */
        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        /** @throws NullPointerException if the model or store is missing; @throws IllegalArgumentException for bad limits */
        public ImageSearch build() {
            return new ImageSearch(this);
        }
    }
}
