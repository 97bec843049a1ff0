package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.langchain.internal.RadioExceptionMapper;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RadioExceptionMapperTest {

    private static RuntimeException map(Throwable t) {
        return RadioExceptionMapper.INSTANCE.mapException(t);
    }

    @Test
    void should_map_bad_input_to_invalid_request_keeping_message_and_cause() {
        ImageException image = new ImageException(ImageException.Reason.CORRUPT, "bad huffman table");
        RuntimeException mapped = map(image);
        assertThat(mapped)
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bad huffman table")
                .hasCause(image);
        assertThat(map(new RadioInputException("text too long"))).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(map(new BackendException(Reason.INVALID_REQUEST, "shape")))
                .isExactlyInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_map_backend_reasons_as_http_status_codes_are_mapped() {
        assertThat(map(new BackendException(Reason.MODEL_NOT_FOUND, "x")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        assertThat(map(new BackendException(Reason.INTERNAL, "x"))).isExactlyInstanceOf(InternalServerException.class);
        assertThat(map(new BackendException(Reason.UNAVAILABLE, "x"))).isExactlyInstanceOf(RetriableException.class);
        assertThat(map(new BackendException(Reason.UNAVAILABLE, "late", new java.util.concurrent.TimeoutException())))
                .isExactlyInstanceOf(TimeoutException.class);
        assertThat(map(new BackendException(Reason.DEADLINE_EXCEEDED, "late")))
                .isExactlyInstanceOf(TimeoutException.class);
        assertThat(map(new BackendException(Reason.RESOURCE_EXHAUSTED, "busy")))
                .isExactlyInstanceOf(dev.langchain4j.exception.RateLimitException.class);
        assertThat(map(new BackendException(Reason.INVALID_MODEL, "x")))
                .isExactlyInstanceOf(NonRetriableException.class);
        assertThat(map(new ModelContractException("no summary output")))
                .isExactlyInstanceOf(NonRetriableException.class);
        assertThat(map(new RadioException("transient", null, true))).isExactlyInstanceOf(RetriableException.class);
    }

    @Test
    void should_unwrap_completion_exceptions_and_pass_langchain4j_ones_through() {
        assertThat(map(new CompletionException(new BackendException(Reason.MODEL_NOT_FOUND, "x"))))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        UnsupportedFeatureException unsupported = new UnsupportedFeatureException("no");
        assertThat(map(unsupported)).isSameAs(unsupported);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(map(bug)).isSameAs(bug);
    }

    @Test
    void should_map_batch_failures_by_their_first_final_cause_and_keep_the_item_list() {
        BatchException mixed = new BatchException(
                3,
                Map.of(
                        0, new BackendException(Reason.UNAVAILABLE, "down"),
                        2, new ImageException(ImageException.Reason.TRUNCATED, "ends early")),
                Arrays.asList(null, new float[1], null));
        RuntimeException mapped = map(mixed);
        assertThat(mapped)
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("2 of 3")
                .hasCause(mixed);

        BatchException allDown = new BatchException(
                2,
                Map.of(
                        0,
                        new BackendException(Reason.UNAVAILABLE, "down"),
                        1,
                        new BackendException(Reason.UNAVAILABLE, "down")),
                Arrays.asList(null, null));
        assertThat(map(allDown)).isExactlyInstanceOf(RetriableException.class);
    }
}
