package io.radio4j.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.RadioException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** The HTTP status of each backend failure reason, as the service's problem mapper answers it. */
@QuarkusTest
class BackendStatusTest {

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    private ProblemMapper mapper() {
        ProblemMapper mapper = new ProblemMapper();
        mapper.config = config;
        mapper.registry = registry;
        return mapper;
    }

    private RestResponse<Problem> answer(BackendException.Reason reason) {
        return mapper().radio(new BackendException(reason, "scripted " + reason));
    }

    @Test
    void should_answer_504_when_the_call_s_deadline_passed() {
        RestResponse<Problem> r = answer(BackendException.Reason.DEADLINE_EXCEEDED);
        assertThat(r.getStatus()).isEqualTo(504);
        assertThat(r.getEntity().status()).isEqualTo(504);
        assertThat(r.getEntity().reason()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(r.getEntity().detail()).doesNotContain("scripted");
    }

    @Test
    void should_answer_429_with_retry_after_when_the_backend_is_exhausted() {
        RestResponse<Problem> r = answer(BackendException.Reason.RESOURCE_EXHAUSTED);
        assertThat(r.getStatus()).isEqualTo(429);
        assertThat(r.getEntity().reason()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(r.getHeaderString("Retry-After"))
                .isEqualTo(
                        Long.toString(Math.max(1, config.backend().retryAfter().toSeconds())));
    }

    @Test
    void should_keep_503_for_an_unavailable_backend_and_map_a_list_item_s_deadline_to_504() {
        RestResponse<Problem> down = answer(BackendException.Reason.UNAVAILABLE);
        assertThat(down.getStatus()).isEqualTo(503);
        assertThat(down.getHeaderString("Retry-After")).isNotNull();
        Map<Integer, RadioException> failures = new TreeMap<>(
                Map.of(1, new BackendException(BackendException.Reason.DEADLINE_EXCEEDED, "no answer within PT30S")));
        RestResponse<Problem> list = mapper().radio(new BatchException(2, failures, Arrays.asList(new float[1], null)));
        assertThat(list.getStatus()).isEqualTo(504);
        assertThat(list.getEntity().detail()).startsWith("item 1: ");
    }
}
