package io.radio4j.service.index;

import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the image index beyond those in {@code RadioServiceConfig.Index} (data folder,
 * allowed roots, files per upload), under the same {@code radio4j.index} prefix.
 */
@ConfigMapping(prefix = "radio4j.index")
public interface IndexConfig {

    /** Which LangChain4j embedding store holds the vectors. */
    enum StoreKind {
        /** {@link LuceneEmbeddingStore} in {@code <data-dir>/lucene}: persistent, HNSW search. */
        LUCENE,
        /** LangChain4j's {@code InMemoryEmbeddingStore}: brute force, lost on restart (stored image files stay). */
        MEMORY
    }

    /** {@code lucene} (default) or {@code memory}. */
    @WithDefault("lucene")
    StoreKind store();

    /** Results of a search when {@code k} is not given. */
    @WithDefault("10")
    int defaultResults();

    /** Largest {@code k} a search accepts (larger answers 422). */
    @WithDefault("100")
    int maxResults();

    /** Widest vector the Lucene store accepts. */
    @WithDefault("4096")
    int maxDimensions();
}
