package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineInterceptorTest {

    private static final InferResult OK = new InferResult("m", "1", "", Map.of(), List.of());

    @Test
    void should_put_the_default_deadline_on_requests_without_one_and_keep_a_request_s_own() throws Exception {
        ScriptedBackend backend = new ScriptedBackend().answering(OK).answering(OK);
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(DeadlineInterceptor.of(Duration.ofSeconds(30)))
                .build();
        chain.infer(ScriptedBackend.request()).get(10, TimeUnit.SECONDS);
        chain.infer(ScriptedBackend.request().toBuilder()
                        .deadline(Duration.ofSeconds(3))
                        .build())
                .get(10, TimeUnit.SECONDS);
        assertThat(backend.requests.get(0).deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backend.requests.get(1).deadline()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void should_fail_with_deadline_exceeded_and_cancel_a_backend_that_does_not_answer() {
        ScriptedBackend silent = new ScriptedBackend();
        BackendChain chain = BackendChain.builder()
                .backend(silent)
                .interceptor(DeadlineInterceptor.of(Duration.ofSeconds(30)))
                .build();
        CompletableFuture<InferResult> call = chain.infer(ScriptedBackend.request().toBuilder()
                .deadline(Duration.ofMillis(50))
                .build());
        // The wait is only a bound for a broken build; the deadline itself is 50 ms.
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.DEADLINE_EXCEEDED);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageContaining("'m'").hasMessageContaining("50 ms");
                });
        assertThat(silent.answers.getFirst()).isCancelled();
    }

    @Test
    void should_pass_the_backend_s_own_failures_through() {
        ScriptedBackend backend = new ScriptedBackend().failing(BackendException.Reason.MODEL_NOT_FOUND, 1);
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(DeadlineInterceptor.of(Duration.ofSeconds(30)))
                .build();
        assertThatThrownBy(() -> chain.infer(ScriptedBackend.request()).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.MODEL_NOT_FOUND));
    }

    @Test
    void should_refuse_a_default_that_is_not_positive() {
        assertThatThrownBy(() -> DeadlineInterceptor.of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadlineInterceptor.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
