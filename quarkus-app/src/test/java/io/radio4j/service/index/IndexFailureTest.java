package io.radio4j.service.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.langchain.store.DimensionMismatchException;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.radio4j.service.ApiProblemException;
import io.radio4j.solr.SolrEmbeddingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Each image that fails inside a batch gets the status it would have had alone. */
class IndexFailureTest {

    private static int status(Throwable e) {
        return IndexFailures.of("x.png", e).status();
    }

    @Test
    void should_give_image_problems_their_own_status_through_langchain4j_wrapping() {
        assertThat(status(new ImageException(ImageException.Reason.UNSUPPORTED_FORMAT, "nope")))
                .isEqualTo(415);
        assertThat(status(new ImageException(ImageException.Reason.TOO_MANY_PIXELS, "big")))
                .isEqualTo(413);
        assertThat(status(new InvalidRequestException("bad", new ImageException(ImageException.Reason.CORRUPT, "crc"))))
                .isEqualTo(422);
        assertThat(status(new InvalidRequestException("bad", new RadioInputException("too long"))))
                .isEqualTo(422);
        // The ingestor's own byte limit is radio-core's typed reason, not words to match.
        ImageException tooManyBytes =
                new ImageException(ImageException.Reason.TOO_MANY_BYTES, "'x.png' has more than 10 bytes");
        assertThat(status(tooManyBytes)).isEqualTo(413);
        assertThat(IndexFailures.of("x.png", tooManyBytes).detail()).contains("more than 10 bytes");
        assertThat(status(ApiProblemException.tooLarge("limit"))).isEqualTo(413);
        // An item of a batch is answered as itself, without the request's "item i" prefix.
        Map<Integer, RadioException> one =
                new TreeMap<>(Map.of(0, new ImageException(ImageException.Reason.TRUNCATED, "short")));
        assertThat(IndexFailures.of("x.png", new BatchException(1, one, Arrays.asList((Object) null)))
                        .detail())
                .startsWith("TRUNCATED: short");
    }

    private static Throwable luceneDimensionMismatch() {
        try (LuceneEmbeddingStore store =
                LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add(Embedding.from(new float[] {1, 0}));
            store.add(Embedding.from(new float[] {1, 0, 0}));
            throw new AssertionError("a vector of another dimension was stored");
        } catch (DimensionMismatchException e) {
            return e;
        }
    }

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;

    @Test
    void should_call_a_down_backend_503_and_unknown_failures_500() {
        BackendException down = new BackendException(BackendException.Reason.UNAVAILABLE, "connection refused");
        assertThat(status(new RetriableException("down", down))).isEqualTo(503);
        assertThat(status(new RetriableException("down"))).isEqualTo(503);
        BackendException late =
                new BackendException(BackendException.Reason.DEADLINE_EXCEEDED, "no answer within PT30S");
        assertThat(status(new dev.langchain4j.exception.TimeoutException("late", late)))
                .isEqualTo(504);
        Map<Integer, RadioException> failures =
                new TreeMap<>(Map.of(0, new ImageException(ImageException.Reason.TRUNCATED, "short")));
        assertThat(status(new InvalidRequestException(
                        "batch", new BatchException(1, failures, Arrays.asList((Object) null)))))
                .isEqualTo(422);
        assertThat(status(new IllegalStateException("store failed: disk full"))).isEqualTo(500);
        // The ingestor wraps store errors; an index built with another model is a conflict, not a crash.
        Throwable otherModel = new IllegalStateException("store failed", luceneDimensionMismatch());
        assertThat(status(otherModel)).isEqualTo(409);
        assertThat(IndexFailures.of("x.png", otherModel).detail()).contains("radio4j.index.data-dir");
        assertThat(IndexFailures.of("x.png", new IllegalStateException("store failed: /secret/path"))
                        .detail())
                .doesNotContain("/secret/path");
        // An IOException deep in a store failure is not the client's malformed body.
        assertThat(status(new IllegalStateException("store failed", new IOException("disk"))))
                .isEqualTo(500);
    }

    /**
     * The Solr store raises the same type as the Lucene store for another model's width, so the index
     * answers 409 for both (it used to answer 500 for Solr). A stand-in Solr node serves the schema
     * of a 2-wide collection and refuses anything else, which also shows nothing was sent to update.
     */
    @Test
    void should_answer_409_for_a_solr_collection_of_another_width_like_for_lucene() throws IOException {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer solr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        solr.createContext("/solr/images/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body = switch (path) {
                case "/solr/images/schema/fields/vector" ->
                    "{\"field\":{\"name\":\"vector\",\"type\":\"radio4j_vector_2\"}}";
                case "/solr/images/schema/fieldtypes/radio4j_vector_2" ->
                    "{\"fieldType\":{\"name\":\"radio4j_vector_2\",\"vectorDimension\":2}}";
                default -> null;
            };
            byte[] bytes =
                    (body == null ? "{\"error\":{\"msg\":\"unexpected\"}}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        solr.start();
        try {
            SolrEmbeddingStore store = SolrEmbeddingStore.builder()
                    .baseUrl("http://127.0.0.1:" + solr.getAddress().getPort() + "/solr")
                    .collection("images")
                    .build();
            Embedding wide = Embedding.from(new float[] {1, 0, 0});

            Throwable write = catchThrowable(() -> store.add("a", wide));
            assertThat(write).isInstanceOf(DimensionMismatchException.class);
            assertThat(status(new IllegalStateException("store failed: " + write.getMessage(), write)))
                    .isEqualTo(409);
            Throwable query = catchThrowable(() -> store.search(
                    EmbeddingSearchRequest.builder().queryEmbedding(wide).build()));
            assertThat(status(query)).isEqualTo(409);
            assertThat(IndexFailures.of("x.png", query).detail())
                    .contains("query dimension 3 differs from the store's 2");
            assertThat(requests).allMatch(r -> r.startsWith("GET /solr/images/schema/"));
        } finally {
            solr.stop(0);
        }
    }
}
