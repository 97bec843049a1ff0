package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retries on a fake clock: waits advance it instead of sleeping, so nothing here depends on timing. */
class RetryInterceptorTest {

    private static final InferResult OK = new InferResult("m", "1", "", Map.of(), List.of());

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private RetryInterceptor.Builder onFakeClock(double jitter) {
        return RetryInterceptor.builder().random(() -> jitter).clock(now::get, (delay, task) -> {
            waits.add(delay);
            now.addAndGet(delay.toNanos());
            task.run();
        });
    }

    private static BackendChain chain(ScriptedBackend backend, RetryInterceptor retry) {
        return BackendChain.builder().backend(backend).interceptor(retry).build();
    }

    private static BackendException failure(CompletableFuture<InferResult> call) {
        assertThat(call).isCompletedExceptionally();
        return (BackendException)
                call.handle((r, e) -> e instanceof java.util.concurrent.CompletionException ? e.getCause() : e)
                        .join();
    }

    @Test
    void should_retry_when_unavailable() throws Exception {
        ScriptedBackend backend =
                new ScriptedBackend().failing(Reason.UNAVAILABLE, 2).answering(OK);
        InferResult result = chain(backend, onFakeClock(0.5).maxRetries(2).build())
                .infer(ScriptedBackend.request())
                .get(10, TimeUnit.SECONDS);
        assertThat(result).isSameAs(OK);
        assertThat(backend.calls()).isEqualTo(3);
    }

    @Test
    void should_give_up_after_max_retries_with_the_last_unavailable_error() {
        ScriptedBackend backend = new ScriptedBackend().failing(Reason.UNAVAILABLE, 5);
        CompletableFuture<InferResult> call =
                chain(backend, onFakeClock(0.5).maxRetries(1).build()).infer(ScriptedBackend.request());
        assertThat(failure(call).reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(backend.calls()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Reason.class, names = "UNAVAILABLE", mode = EnumSource.Mode.EXCLUDE)
    void should_not_retry_any_other_reason(Reason reason) {
        ScriptedBackend backend = new ScriptedBackend().failing(reason, 5);
        CompletableFuture<InferResult> call =
                chain(backend, onFakeClock(0.5).maxRetries(3).build()).infer(ScriptedBackend.request());
        assertThat(failure(call).reason()).isEqualTo(reason);
        assertThat(backend.calls()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void should_wait_with_jittered_exponential_capped_backoff() {
        RetryInterceptor top = onFakeClock(0.999_999)
                .initialBackoff(Duration.ofMillis(100))
                .multiplier(2)
                .maxBackoff(Duration.ofMillis(300))
                .build();
        assertThat(top.backoff(1)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(top.backoff(2)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(top.backoff(3)).isBetween(Duration.ofMillis(299), Duration.ofMillis(300)); // capped
        assertThat(top.backoff(9)).isBetween(Duration.ofMillis(299), Duration.ofMillis(300));
        RetryInterceptor bottom =
                onFakeClock(0.0).initialBackoff(Duration.ofMillis(100)).build();
        assertThat(bottom.backoff(1)).isZero();
        RetryInterceptor half =
                onFakeClock(0.5).initialBackoff(Duration.ofMillis(100)).build();
        assertThat(half.backoff(1)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void should_keep_backoff_within_the_deadline_and_send_each_attempt_with_the_time_left() {
        ScriptedBackend backend = new ScriptedBackend().failing(Reason.UNAVAILABLE, 10);
        // Waits of (almost) 300, 600, 1200 ms against a 1 s deadline: the third would pass it.
        RetryInterceptor retry = onFakeClock(0.999_999)
                .maxRetries(5)
                .initialBackoff(Duration.ofMillis(300))
                .multiplier(2)
                .maxBackoff(Duration.ofSeconds(5))
                .build();
        InferRequest request = ScriptedBackend.request().toBuilder()
                .deadline(Duration.ofSeconds(1))
                .build();
        long start = now.get();
        CompletableFuture<InferResult> call = chain(backend, retry).infer(request);

        assertThat(failure(call).reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(backend.calls()).isEqualTo(3);
        assertThat(waits).hasSize(2);
        assertThat(now.get() - start).isLessThan(Duration.ofSeconds(1).toNanos());
        List<Duration> sentDeadlines =
                backend.requests.stream().map(InferRequest::deadline).toList();
        assertThat(sentDeadlines.get(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(sentDeadlines.get(1)).isEqualTo(Duration.ofSeconds(1).minus(waits.get(0)));
        assertThat(sentDeadlines.get(2))
                .isEqualTo(Duration.ofSeconds(1).minus(waits.get(0)).minus(waits.get(1)));
    }

    @Test
    void should_not_retry_once_the_deadline_has_passed() {
        ScriptedBackend backend = new ScriptedBackend().failing(Reason.UNAVAILABLE, 10);
        backend.onCall = () -> now.addAndGet(Duration.ofSeconds(2).toNanos()); // the attempt outlived the deadline
        CompletableFuture<InferResult> call = chain(
                        backend, onFakeClock(0.0).maxRetries(5).build())
                .infer(ScriptedBackend.request().toBuilder()
                        .deadline(Duration.ofSeconds(1))
                        .build());
        assertThat(failure(call).reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(backend.calls()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void should_stop_retrying_when_the_caller_cancels() {
        ScriptedBackend backend = new ScriptedBackend().failing(Reason.UNAVAILABLE, 10);
        List<Runnable> pending = new CopyOnWriteArrayList<>();
        RetryInterceptor retry = RetryInterceptor.builder()
                .maxRetries(5)
                .clock(now::get, (delay, task) -> pending.add(task))
                .build();
        CompletableFuture<InferResult> call = chain(backend, retry).infer(ScriptedBackend.request());
        assertThat(pending).hasSize(1);
        call.cancel(true);
        pending.getFirst().run();
        assertThat(backend.calls()).isEqualTo(1);
    }

    @Test
    void should_refuse_settings_out_of_range() {
        assertThatThrownBy(() -> RetryInterceptor.builder().maxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryInterceptor.builder().multiplier(0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryInterceptor.builder().initialBackoff(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
