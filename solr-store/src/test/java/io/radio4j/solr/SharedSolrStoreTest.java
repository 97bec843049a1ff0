package io.radio4j.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import io.radio4j.langchain.store.DimensionMismatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two store clients, as two service replicas would hold, each talking to a different node of a
 * two-node SolrCloud cluster (ZooKeeper and both nodes in this JVM, on loopback ports), sharing one
 * collection of two shards: what one writes, the other finds, with 1536-dimensional vectors.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedSolrStoreTest {

    private static final int DIM = 1536;
    private static final String COLLECTION = "images";

    private static MiniSolrCloudCluster cluster;
    private static Path base;

    @BeforeAll
    static void startCluster() throws Exception {
        base = Files.createTempDirectory(Path.of("target"), "solr-cloud");
        Path configset =
                Path.of(SharedSolrStoreTest.class.getResource("/solr-configset").toURI());
        cluster = new MiniSolrCloudCluster.Builder(2, base)
                .addConfig("radio4j", configset.resolve("conf"))
                .build();
        CollectionAdminRequest.createCollection(COLLECTION, "radio4j", 2, 1).process(cluster.getSolrClient());
        cluster.waitForActiveCollection(COLLECTION, 2, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static SolrEmbeddingStore client(int node) {
        String url = cluster.getJettySolrRunners().get(node).getBaseUrl().toString();
        assertThat(url).startsWith("http://127.0.0.1:");
        return SolrEmbeddingStore.builder()
                .baseUrl(url)
                .collection(COLLECTION)
                .dimension(DIM)
                .build();
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void two_replicas_share_one_index_of_wide_vectors() {
        SolrEmbeddingStore first = client(0);
        SolrEmbeddingStore second = client(1);
        Random random = new Random(5);
        int n = 60;
        List<float[]> vectors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        UUID uuid = UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            float[] v = randomVector(random);
            vectors.add(v);
            ids.add("img-" + i);
            embeddings.add(Embedding.from(v));
            segments.add(TextSegment.from(
                    "/images/" + i + ".jpg",
                    new Metadata()
                            .put("width", 640 + i)
                            .put("bytes", 5_000_000_000L + i)
                            .put("mime_type", "image/jpeg")
                            .put("ratio", 1.5f)
                            .put("gamma", 2.2)
                            .put("source", uuid)));
        }
        // Each replica ingests half.
        first.addAll(ids.subList(0, n / 2), embeddings.subList(0, n / 2), segments.subList(0, n / 2));
        second.addAll(ids.subList(n / 2, n), embeddings.subList(n / 2, n), segments.subList(n / 2, n));

        for (int q : new int[] {3, 41}) {
            float[] query = vectors.get(q).clone();
            query[0] += 0.01f;
            List<String> exact = IntStream.range(0, n)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -cosine(query, vectors.get(i))))
                    .limit(5)
                    .map(i -> "img-" + i)
                    .toList();
            for (SolrEmbeddingStore store : List.of(first, second)) {
                List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                                .queryEmbedding(Embedding.from(query))
                                .maxResults(5)
                                .build())
                        .matches();
                assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactlyElementsOf(exact);
                EmbeddingMatch<TextSegment> best = matches.getFirst();
                assertThat(best.score()).isCloseTo((cosine(query, vectors.get(q)) + 1) / 2, within(1e-4));
                assertThat(best.embedding().vector()).hasSize(DIM).containsExactly(vectors.get(q));
                Metadata m = best.embedded().metadata();
                assertThat(best.embedded().text()).isEqualTo("/images/" + q + ".jpg");
                assertThat(m.getInteger("width")).isEqualTo(640 + q);
                assertThat(m.getLong("bytes")).isEqualTo(5_000_000_000L + q);
                assertThat(m.getString("mime_type")).isEqualTo("image/jpeg");
                assertThat(m.getFloat("ratio")).isEqualTo(1.5f);
                assertThat(m.getDouble("gamma")).isEqualTo(2.2);
                assertThat(m.getUUID("source")).isEqualTo(uuid);
            }
        }

        // A replacement and a removal through one replica are seen through the other.
        first.addAll(
                List.of("img-7"),
                List.of(Embedding.from(vectors.get(7))),
                List.of(TextSegment.from("/images/renamed.jpg")));
        second.remove("img-3");
        EmbeddingSearchRequest near3 = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(vectors.get(3)))
                .maxResults(n)
                .build();
        assertThat(first.search(near3).matches())
                .extracting(EmbeddingMatch::embeddingId)
                .hasSize(n - 1)
                .doesNotContain("img-3");
        EmbeddingMatch<TextSegment> seven = second.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(vectors.get(7)))
                        .maxResults(1)
                        .build())
                .matches()
                .getFirst();
        assertThat(seven.embeddingId()).isEqualTo("img-7");
        assertThat(seven.embedded().text()).isEqualTo("/images/renamed.jpg");

        assertThatThrownBy(() -> second.add("wrong", Embedding.from(new float[] {1, 2, 3})))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("vector dimension 3 differs from the store's 1536");
        assertThatThrownBy(() -> first.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(vectors.get(0)))
                        .filter(MetadataFilterBuilder.metadataKey("width").isEqualTo(640))
                        .build()))
                .isInstanceOf(UnsupportedFeatureException.class);

        second.removeAll();
        assertThat(first.search(near3).matches()).isEmpty();
    }

    @Test
    void a_client_without_a_configured_width_refuses_another_width_by_the_collections_schema() {
        client(0); // makes sure the collection has its vector field, of DIM
        String url = cluster.getJettySolrRunners().get(1).getBaseUrl().toString();
        SolrEmbeddingStore unconfigured =
                SolrEmbeddingStore.builder().baseUrl(url).collection(COLLECTION).build();
        Embedding narrow = Embedding.from(new float[] {1, 2, 3});

        // The same type as the Lucene store's, so a service maps "index of another model" once for both.
        assertThatThrownBy(() -> unconfigured.add("narrow", narrow))
                .isInstanceOfSatisfying(DimensionMismatchException.class, e -> {
                    assertThat(e.actual()).isEqualTo(3);
                    assertThat(e.expected()).isEqualTo(DIM);
                })
                .hasMessageContaining("vector dimension 3 differs from the store's " + DIM);
        assertThatThrownBy(() -> unconfigured.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(narrow)
                        .maxResults(1)
                        .build()))
                .isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("query dimension 3 differs");
    }
}
