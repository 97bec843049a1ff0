package io.radio4j.service.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration switch between stores, without starting Quarkus for each choice. */
class ImageStoreProducerTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }

    private IndexConfig indexConfig(IndexConfig.StoreKind kind) {
        IndexConfig.Solr solr = stub(
                IndexConfig.Solr.class,
                Map.of(
                        "url",
                        Optional.of("http://127.0.0.1:1/solr"),
                        "collection",
                        "shared-images",
                        "dimension",
                        Optional.empty()));
        return stub(
                IndexConfig.class,
                Map.of(
                        "store",
                        kind,
                        "maxDimensions",
                        4096,
                        "candidates",
                        Optional.of(40),
                        "quantization",
                        Optional.empty(),
                        "exactSearchThreshold",
                        Optional.empty(),
                        "solr",
                        solr,
                        "dataDir",
                        dir));
    }

    // Building the Solr store without a dimension makes no request, so no server is needed here;
    // the solr-store module tests it against a SolrCloud cluster.
    @Test
    void should_point_the_solr_store_at_the_configured_collection() throws Exception {
        ImageStoreProducer producer = new ImageStoreProducer();
        EmbeddingStore<TextSegment> store = producer.imageEmbeddingStore(indexConfig(IndexConfig.StoreKind.SOLR));
        assertThat(store).isInstanceOf(io.radio4j.solr.SolrEmbeddingStore.class);
        assertThatThrownBy(() -> store.add("a", Embedding.from(new float[] {1, 0})))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("shared-images")
                .hasMessageContaining("127.0.0.1:1");
        assertThat(dir.resolve("lucene")).doesNotExist();
        producer.closeImageEmbeddingStore(store);
    }

    @Test
    void should_open_lucene_in_the_data_dir_by_default_kind() throws Exception {
        ImageStoreProducer producer = new ImageStoreProducer();
        EmbeddingStore<TextSegment> store = producer.imageEmbeddingStore(indexConfig(IndexConfig.StoreKind.LUCENE));
        try {
            assertThat(store).isInstanceOf(LuceneEmbeddingStore.class);
            store.add(Embedding.from(new float[] {1, 0}));
            try (var files = Files.list(dir.resolve("lucene"))) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("segments_"));
            }
        } finally {
            producer.closeImageEmbeddingStore(store);
        }
    }

    @Test
    void should_use_langchain4j_in_memory_store_when_configured() throws Exception {
        ImageStoreProducer producer = new ImageStoreProducer();
        EmbeddingStore<TextSegment> store = producer.imageEmbeddingStore(indexConfig(IndexConfig.StoreKind.MEMORY));
        assertThat(store).isInstanceOf(InMemoryEmbeddingStore.class);
        store.add("a", Embedding.from(new float[] {1, 0}));
        assertThat(store.search(EmbeddingSearchRequest.builder()
                                .queryEmbedding(Embedding.from(new float[] {1, 0}))
                                .build())
                        .matches())
                .hasSize(1);
        assertThat(dir.resolve("lucene")).doesNotExist();
        producer.closeImageEmbeddingStore(store);
    }
}
