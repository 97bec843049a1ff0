package io.radio4j.langchain.store;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link EmbeddingStore} of text segments whose every write is one batch: the single-entry and
 * generated-id forms of {@code add}/{@code addAll} all call
 * {@link #addAll(List, List, List) addAll(ids, embeddings, segments)}, the one method a store
 * implements (with {@link #checkBatch} for its arguments). Generated ids are random UUIDs.
 */
public abstract class BatchEmbeddingStore implements EmbeddingStore<TextSegment> {

    /** For subclasses. */
    protected BatchEmbeddingStore() {}

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

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    /**
     * Adds or replaces entries as one batch.
     *
     * @param segments one per embedding, or null for none (an element may be null)
     */
    @Override
    public abstract void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments);

    /**
     * The argument checks every store makes before a batch.
     *
     * @return whether there is anything to add (false for empty lists)
     * @throws NullPointerException if {@code ids} or {@code embeddings} is null
     * @throws IllegalArgumentException if the lists differ in size
     */
    protected static boolean checkBatch(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size())) {
            throw new IllegalArgumentException("ids, embeddings and segments differ in size: " + ids.size() + ", "
                    + embeddings.size() + ", " + (segments == null ? "none" : segments.size()));
        }
        return !ids.isEmpty();
    }
}
