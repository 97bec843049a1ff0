package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.triton.InferResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackendChainTest {

    private static final InferResult OK = new InferResult("m", "1", "", Map.of(), List.of());

    @Test
    void should_run_interceptors_outermost_first_then_the_backend() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ScriptedBackend backend = new ScriptedBackend().answering(OK);
        backend.onCall = () -> seen.add("backend");
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(c -> {
                    seen.add("outer");
                    return c.proceed(c.request());
                })
                .interceptor(c -> {
                    seen.add("inner");
                    return c.proceed(c.request().toBuilder().id("tagged").build());
                })
                .build();
        assertThat(chain.infer(ScriptedBackend.request()).get(10, TimeUnit.SECONDS))
                .isSameAs(OK);
        assertThat(seen).containsExactly("outer", "inner", "backend");
        assertThat(backend.requests.getFirst().id()).isEqualTo("tagged");
    }

    @Test
    void should_forward_everything_but_inference_to_the_backend_untouched() {
        ScriptedBackend backend = new ScriptedBackend();
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(c -> {
                    throw new AssertionError("interceptors see inference only");
                })
                .build();
        assertThat(chain.modelConfig("m").name()).isEqualTo("m");
        assertThatThrownBy(() -> chain.modelMetadata("x")).isInstanceOf(BackendException.class);
        assertThat(chain.isReady()).isTrue();
        assertThat(chain.isModelReady("m")).isTrue();
        assertThat(chain.isModelReady("x")).isFalse();
        assertThat(chain.modelFile("m", "tokenizer.json")).contains(new byte[] {1});
        assertThat(chain.description()).isEqualTo("scripted");
        assertThat(chain.backend()).isSameAs(backend);
    }

    @Test
    void should_turn_a_throwing_interceptor_into_a_failed_future() {
        BackendChain chain = BackendChain.builder()
                .backend(new ScriptedBackend())
                .interceptor(c -> {
                    throw new BackendException(BackendException.Reason.INTERNAL, "broken interceptor");
                })
                .build();
        CompletableFuture<InferResult> call = chain.infer(ScriptedBackend.request());
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("broken interceptor");
    }

    @Test
    void should_cancel_the_running_attempt_when_the_caller_cancels_even_through_a_transforming_interceptor() {
        ScriptedBackend backend = new ScriptedBackend();
        // thenApply makes a new future: cancelling it alone would never reach the backend's.
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(c -> c.proceed(c.request()).thenApply(r -> r))
                .build();
        CompletableFuture<InferResult> call = chain.infer(ScriptedBackend.request());
        assertThat(backend.answers).hasSize(1);
        assertThat(call.cancel(true)).isTrue();
        assertThat(backend.answers.getFirst()).isCancelled();
    }

    @Test
    void should_cancel_the_running_attempt_when_an_interceptor_ends_the_call() {
        ScriptedBackend backend = new ScriptedBackend();
        CompletableFuture<InferResult> verdict = new CompletableFuture<>();
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(c -> {
                    c.proceed(c.request());
                    return verdict;
                })
                .build();
        CompletableFuture<InferResult> call = chain.infer(ScriptedBackend.request());
        verdict.completeExceptionally(new BackendException(BackendException.Reason.DEADLINE_EXCEEDED, "late"));
        assertThat(call).isCompletedExceptionally();
        assertThat(backend.answers.getFirst()).isCancelled();
    }

    @Test
    void should_start_no_attempt_after_the_call_was_cancelled() {
        ScriptedBackend backend = new ScriptedBackend();
        CompletableFuture<Void> later = new CompletableFuture<>();
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(c -> later.thenCompose(v -> c.proceed(c.request())))
                .build();
        CompletableFuture<InferResult> call = chain.infer(ScriptedBackend.request());
        call.cancel(true);
        later.complete(null);
        assertThat(backend.calls()).isZero();
    }

    @Test
    void logging_should_pass_answers_and_failures_through_unchanged() throws Exception {
        ScriptedBackend backend =
                new ScriptedBackend().answering(OK).failing(BackendException.Reason.INVALID_REQUEST, 1);
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(LoggingInterceptor.create())
                .build();
        assertThat(chain.infer(ScriptedBackend.request()).get(10, TimeUnit.SECONDS))
                .isSameAs(OK);
        assertThatThrownBy(() -> chain.infer(ScriptedBackend.request()).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.INVALID_REQUEST));
    }

    @Test
    void concurrency_limit_should_refuse_calls_over_the_limit_as_resource_exhausted_and_free_permits()
            throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        ConcurrencyLimitInterceptor limit = ConcurrencyLimitInterceptor.of(2);
        BackendChain chain =
                BackendChain.builder().backend(backend).interceptor(limit).build();
        CompletableFuture<InferResult> first = chain.infer(ScriptedBackend.request());
        CompletableFuture<InferResult> second = chain.infer(ScriptedBackend.request());
        assertThat(limit.inFlight()).isEqualTo(2);

        CompletableFuture<InferResult> third = chain.infer(ScriptedBackend.request());
        assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.RESOURCE_EXHAUSTED);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(backend.calls()).isEqualTo(2);

        backend.answers.get(0).complete(OK); // an answer frees its permit
        second.cancel(true); // so does a cancellation
        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(OK);
        assertThat(limit.inFlight()).isZero();
        chain.infer(ScriptedBackend.request());
        assertThat(backend.calls()).isEqualTo(3);
    }
}
