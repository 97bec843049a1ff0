package io.radio4j.langchain;

import dev.langchain4j.model.embedding.DimensionAwareEmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import io.radio4j.langchain.internal.EmbeddingRequests;
import java.util.ArrayList;
import java.util.List;

/**
 * What both embedding models do with their listeners: notify them around every call, image-only
 * included (LangChain4j 1.19's default {@code embed(EmbeddingRequest)} fails there), and add more by
 * returning a copy of the model rather than LangChain4j's wrapper, for the same reason.
 *
 * @param <M> the concrete model, returned by {@code addListener(s)}
 */
abstract class ListenedEmbeddingModel<M extends ListenedEmbeddingModel<M>> extends DimensionAwareEmbeddingModel {

    private final List<EmbeddingModelListener> listeners;

    /** @param listeners notified in this order; null for none (copied) */
    ListenedEmbeddingModel(List<EmbeddingModelListener> listeners) {
        this.listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /** A copy of this model, sharing everything but the listeners, that notifies {@code all}. */
    abstract M withListeners(List<EmbeddingModelListener> all);

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return EmbeddingRequests.embed(this, request, listeners, this::doEmbed);
    }

    @Override
    public List<EmbeddingModelListener> listeners() {
        return listeners;
    }

    /** A copy of this model with one more listener, sharing its backend and encoder. */
    @Override
    public M addListener(EmbeddingModelListener listener) {
        return listener == null ? self() : addListeners(List.of(listener));
    }

    /** A copy of this model with more listeners, notified after the existing ones. */
    @Override
    public M addListeners(List<EmbeddingModelListener> more) {
        if (more == null || more.isEmpty()) {
            return self();
        }
        List<EmbeddingModelListener> all = new ArrayList<>(listeners);
        all.addAll(more);
        return withListeners(all);
    }

    @SuppressWarnings("unchecked") // every subclass is declared as ListenedEmbeddingModel<itself>
    private M self() {
        return (M) this;
    }
}
