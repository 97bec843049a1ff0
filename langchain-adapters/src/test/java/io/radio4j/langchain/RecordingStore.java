package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory store that also keeps, by id, exactly what was added, for brute-force checks. */
final class RecordingStore implements EmbeddingStore<TextSegment> {

    final InMemoryEmbeddingStore<TextSegment> delegate = new InMemoryEmbeddingStore<>();
    final Map<String, Embedding> embeddings = new LinkedHashMap<>();
    final Map<String, TextSegment> segments = new LinkedHashMap<>();
    int addAllCalls;

    @Override
    public String add(Embedding embedding) {
        throw new UnsupportedOperationException("the ingestor adds with ids");
    }

    @Override
    public void add(String id, Embedding embedding) {
        throw new UnsupportedOperationException("the ingestor adds with ids");
    }

    @Override
    public String add(Embedding embedding, TextSegment embedded) {
        throw new UnsupportedOperationException("the ingestor adds with ids");
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        throw new UnsupportedOperationException("the ingestor adds with ids");
    }

    @Override
    public synchronized void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        addAllCalls++;
        delegate.addAll(ids, embeddings, embedded);
        for (int i = 0; i < ids.size(); i++) {
            this.embeddings.put(ids.get(i), embeddings.get(i));
            this.segments.put(ids.get(i), embedded.get(i));
        }
    }

    @Override
    public synchronized void removeAll(Collection<String> ids) {
        delegate.removeAll(ids);
        ids.forEach(embeddings::remove);
        ids.forEach(segments::remove);
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        return delegate.search(request);
    }

    int size() {
        return delegate.size();
    }
}
