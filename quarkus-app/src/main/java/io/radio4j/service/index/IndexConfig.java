package io.radio4j.service.index;

import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the image index, under {@code radio4j.index}: whether it is served, where it
 * keeps its data, which server-side folders it may read, request sizes, and which vector store
 * holds the embeddings. Each default is in a {@code @WithDefault}; the module README lists them.
 */
@ConfigMapping(prefix = "radio4j.index")
public interface IndexConfig {

    /** Whether {@code /v1/index} and {@code /v1/search} are served. */
    @WithDefault("true")
    boolean enabled();

    /** Folder of the index and its image bytes; created when missing. */
    @WithDefault("${user.home}/.radio4j/index")
    Path dataDir();

    /** Server-side folders {@code POST /v1/index} may read; none by default (uploads only). */
    Optional<List<Path>> allowedRoots();

    /** Files in one {@code POST /v1/index} upload or folder. */
    @WithDefault("256")
    int maxUploadFiles();

    /** Which LangChain4j embedding store holds the vectors. */
    enum StoreKind {
        /** {@link LuceneEmbeddingStore} in {@code <data-dir>/lucene}: persistent, HNSW search. */
        LUCENE,
        /** LangChain4j's {@code InMemoryEmbeddingStore}: brute force, lost on restart (stored image files stay). */
        MEMORY,
        /** A collection of an Apache Solr (SolrCloud) cluster shared by several replicas; see {@link #solr()}. */
        SOLR
    }

    /** {@code lucene} (default), {@code memory} or {@code solr}. */
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

    /** Lucene store: HNSW candidates re-ranked per search (the store's default when unset). */
    Optional<Integer> candidates();

    /** Lucene store: quantization of the graph's vectors, {@code int7} when unset. */
    Optional<LuceneEmbeddingStore.Quantization> quantization();

    /** Lucene store: at most this many entries are searched exactly instead of through HNSW (the store's default when unset). */
    Optional<Integer> exactSearchThreshold();

    /** The shared Solr store ({@code radio4j.index.store=solr}). */
    Solr solr();

    /** Settings of the Solr store, under {@code radio4j.index.solr}. */
    interface Solr {
        /** A Solr node's base URL, such as {@code http://solr-1:8983/solr}; required for the Solr store. */
        Optional<String> url();

        /** The collection; it must exist, with a managed schema. */
        @WithDefault("radio4j-images")
        String collection();

        /** The vectors' width; when set, the store adds its fields to the collection's schema if missing. */
        Optional<Integer> dimension();
    }
}
