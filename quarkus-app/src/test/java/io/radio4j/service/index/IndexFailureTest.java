package io.radio4j.service.index;

import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RetriableException;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.radio4j.service.ApiProblemException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Each image that fails inside a batch gets the status it would have had alone. */
class IndexFailureTest {

    private static int status(Throwable e) {
        return ImageIndexService.failure("x.png", e).status();
    }

    @Test
    void should_give_image_problems_their_own_status_through_langchain4j_wrapping() {
        assertThat(status(new ImageException(ImageException.Reason.UNSUPPORTED_FORMAT, "nope"))).isEqualTo(415);
        assertThat(status(new ImageException(ImageException.Reason.TOO_MANY_PIXELS, "big"))).isEqualTo(413);
        assertThat(status(new InvalidRequestException("bad", new ImageException(ImageException.Reason.CORRUPT, "crc")))).isEqualTo(422);
        assertThat(status(new InvalidRequestException("bad", new RadioInputException("too long")))).isEqualTo(422);
        assertThat(status(new IOException("image is larger than 10 bytes (maxImageBytes)"))).isEqualTo(413);
        assertThat(ImageIndexService.failure("x.png", new IOException("image is larger than 10 bytes (maxImageBytes)")).detail())
                .contains("radio4j.limits.max-image-bytes");
        assertThat(status(ApiProblemException.tooLarge("limit"))).isEqualTo(413);
    }

    private static Throwable dimensionMismatch() {
        try (LuceneEmbeddingStore store = LuceneEmbeddingStore.builder().directory(dir).build()) {
            store.add(dev.langchain4j.data.embedding.Embedding.from(new float[] {1, 0}));
            store.add(dev.langchain4j.data.embedding.Embedding.from(new float[] {1, 0, 0}));
            throw new AssertionError("a vector of another dimension was stored");
        } catch (LuceneEmbeddingStore.DimensionMismatchException e) {
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
        BackendException late = new BackendException(BackendException.Reason.DEADLINE_EXCEEDED, "no answer within PT30S");
        assertThat(status(new dev.langchain4j.exception.TimeoutException("late", late))).isEqualTo(504);
        Map<Integer, RadioException> failures = new TreeMap<>(Map.of(0, new ImageException(ImageException.Reason.TRUNCATED, "short")));
        assertThat(status(new InvalidRequestException("batch", new BatchException(1, failures, Arrays.asList((Object) null))))).isEqualTo(422);
        assertThat(status(new IllegalStateException("store failed: disk full"))).isEqualTo(500);
        // The ingestor wraps store errors; an index built with another model is a conflict, not a crash.
        Throwable otherModel = new IllegalStateException("store failed", dimensionMismatch());
        assertThat(status(otherModel)).isEqualTo(409);
        assertThat(ImageIndexService.failure("x.png", otherModel).detail()).contains("radio4j.index.data-dir");
        assertThat(ImageIndexService.failure("x.png", new IllegalStateException("store failed: /secret/path"))
                .detail()).doesNotContain("/secret/path");
    }
}
