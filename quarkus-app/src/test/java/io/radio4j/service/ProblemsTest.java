package io.radio4j.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.InvalidRequestException;
import io.radio4j.core.RadioException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.langchain.store.DimensionMismatchException;
import io.radio4j.tokenbudget.BudgetRequestException;
import jakarta.ws.rs.NotAllowedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The one failure → problem mapping, without starting the service. */
class ProblemsTest {

    @Test
    void should_map_radio_cores_types_by_reason_and_keep_the_reason_for_clients() {
        Problems.Mapped image = Problems.of(new ImageException(ImageException.Reason.TOO_MANY_FRAMES, "600 frames"));
        assertThat(image.status()).isEqualTo(413);
        assertThat(image.problem().reason()).isEqualTo("TOO_MANY_FRAMES");
        assertThat(image.cause()).isEqualTo("image");
        assertThat(image.log()).isNull();
        assertThat(Problems.of(new ImageException(ImageException.Reason.UNSUPPORTED_FORMAT, "tiff"))
                        .status())
                .isEqualTo(415);
        assertThat(Problems.of(new ImageException(ImageException.Reason.CORRUPT, "crc"))
                        .status())
                .isEqualTo(422);
        assertThat(Problems.of(new RadioException("no such output", null, false))
                        .status())
                .isEqualTo(500);
    }

    @Test
    void should_decide_backend_statuses_in_one_switch() {
        Problems.Mapped down = Problems.of(new BackendException(BackendException.Reason.UNAVAILABLE, "refused"));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.retryLater()).isTrue();
        assertThat(down.problem().detail()).doesNotContain("refused");
        assertThat(down.log()).isEqualTo(Logger.Level.WARN);
        assertThat(Problems.of(new BackendException(BackendException.Reason.INVALID_REQUEST, "bad shape"))
                        .status())
                .isEqualTo(422);
        Problems.Mapped internal =
                Problems.of(new BackendException(BackendException.Reason.INTERNAL, "/opt/secret/engine.plan"));
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.problem().detail()).doesNotContain("/opt/secret");
        assertThat(internal.log()).isEqualTo(Logger.Level.ERROR);
    }

    @Test
    void should_name_the_failed_item_of_a_request_but_not_of_an_item() {
        Map<Integer, RadioException> failures = new TreeMap<>(Map.of(
                2, new ImageException(ImageException.Reason.TRUNCATED, "short"),
                5, new ImageException(ImageException.Reason.CORRUPT, "crc")));
        BatchException batch = new BatchException(6, failures, Arrays.asList(new Object[6]));
        assertThat(Problems.of(batch).problem().detail()).isEqualTo("item 2: TRUNCATED: short (2 items failed)");
        assertThat(Problems.of(batch).status()).isEqualTo(422);
        assertThat(Problems.ofItem(batch).problem().detail()).isEqualTo("TRUNCATED: short");
    }

    @Test
    void should_find_own_types_through_wrapping_but_general_types_only_at_the_top() {
        assertThat(Problems.of(new InvalidRequestException(
                                "wrapped", new ImageException(ImageException.Reason.EMPTY, "0 bytes")))
                        .problem()
                        .reason())
                .isEqualTo("EMPTY");
        assertThat(Problems.of(new IllegalStateException(
                                "store failed", new DimensionMismatchException("vector", 3, 2, null)))
                        .status())
                .isEqualTo(409);
        assertThat(Problems.of(new BudgetRequestException("images must be >= 1"))
                        .status())
                .isEqualTo(422);
        assertThat(Problems.of(new IOException("connection reset")).status()).isEqualTo(400);
        assertThat(Problems.of(new UncheckedIOException(new IOException("disk")))
                        .status())
                .isEqualTo(500);
        assertThat(Problems.of(new IllegalArgumentException("k must be > 0")).status())
                .isEqualTo(422);
        assertThat(Problems.of(new RuntimeException("wrapped", new IllegalArgumentException("x")))
                        .status())
                .isEqualTo(500);
        assertThat(Problems.of(new NotAllowedException("GET")).status()).isEqualTo(405);
    }

    @Test
    void should_answer_malformed_json_in_json_words() {
        Throwable e = catchThrowable(() -> new ObjectMapper().readValue("{\"n\": \"x\"}", N.class));
        Problems.Mapped m = Problems.of(e);
        assertThat(m.status()).isEqualTo(400);
        assertThat(m.problem().detail()).contains("a whole number").doesNotContain("java.lang");
    }

    record N(int n) {}
}
