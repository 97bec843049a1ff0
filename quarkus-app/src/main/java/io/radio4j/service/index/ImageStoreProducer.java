package io.radio4j.service.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.radio4j.service.index.internal.ContentHashes;
import io.radio4j.service.index.internal.IdLocks;
import io.radio4j.service.index.internal.ImageFileStore;
import io.radio4j.solr.SolrEmbeddingStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Chooses the image index's LangChain4j {@link EmbeddingStore} from {@code radio4j.index.store}:
 * {@code lucene} (default, {@link LuceneEmbeddingStore} in {@code <data-dir>/lucene}),
 * {@code memory} ({@link InMemoryEmbeddingStore}) or {@code solr} ({@link SolrEmbeddingStore}, one
 * collection shared by several replicas). The index service only sees the interface, so another
 * shared store (pgvector, Qdrant, Milvus, OpenSearch, ...) replaces this one with a CDI
 * {@code @Alternative @Priority(1)} producer of {@code EmbeddingStore<TextSegment>} built from that
 * store's LangChain4j module. Also produces the folder of stored image bytes,
 * {@code <data-dir>/images}, and the index's per-id locks and content hashes, shared by the classes
 * that write, delete and search.
 */
public class ImageStoreProducer {

    private static final Logger LOG = Logger.getLogger(ImageStoreProducer.class);

    @Produces
    @Singleton
    EmbeddingStore<TextSegment> imageEmbeddingStore(IndexConfig index) {
        Path dataDir = index.dataDir();
        return switch (index.store()) {
            case LUCENE -> {
                LuceneEmbeddingStore store = LuceneEmbeddingStore.builder()
                        .directory(dataDir.resolve("lucene"))
                        .maxDimensions(index.maxDimensions())
                        .candidates(index.candidates().orElse(null))
                        .quantization(index.quantization().orElse(null))
                        .exactSearchThreshold(index.exactSearchThreshold().orElse(null))
                        .build();
                LOG.infof("image index: Lucene HNSW store in %s (%d entries)", store.directory(), store.size());
                yield store;
            }
            case MEMORY -> {
                LOG.info("image index: in-memory store; vectors are lost on restart");
                yield new InMemoryEmbeddingStore<>();
            }
            case SOLR -> {
                String url = index.solr()
                        .url()
                        .orElseThrow(() -> new IllegalStateException(
                                "radio4j.index.store=solr needs radio4j.index.solr.url (a Solr node's base URL)"));
                LOG.infof(
                        "image index: Solr collection %s at %s (shared)",
                        index.solr().collection(), url);
                yield SolrEmbeddingStore.builder()
                        .baseUrl(url)
                        .collection(index.solr().collection())
                        .dimension(index.solr().dimension().orElse(null))
                        .build();
            }
        };
    }

    void closeImageEmbeddingStore(@Disposes EmbeddingStore<TextSegment> store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    ImageFileStore imageFiles(IndexConfig index) {
        return new ImageFileStore(index.dataDir().resolve("images"));
    }

    /** Write, delete and re-upload of one id run one at a time, whichever class does them. */
    @Produces
    @Singleton
    IdLocks indexLocks() {
        return new IdLocks(1024);
    }

    /** Answers a picture indexed again (another name, upload or folder) with the id it already has. */
    @Produces
    @Singleton
    ContentHashes indexContentHashes() {
        return new ContentHashes();
    }
}
