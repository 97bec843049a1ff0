package io.radio4j.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.DeadlineInterceptor;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service's chain as RadioProducers builds it: metrics outermost, then the deadline. */
class MetricsInterceptorTest {

    /** A backend whose calls complete only when the test says so (or never). */
    private static final class ManualBackend implements InferenceBackend {
        final CompletableFuture<InferResult> next = new CompletableFuture<>();

        @Override
        public ModelConfiguration modelConfig(String model) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModelMetadata modelMetadata(String model) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public boolean isModelReady(String model) {
            return true;
        }

        @Override
        public CompletableFuture<InferResult> infer(InferRequest request) {
            return next;
        }

        @Override
        public String description() {
            return "manual";
        }

        @Override
        public void close() {}
    }

    private static InferRequest request(int batch) {
        return InferRequest.builder()
                .modelName("m")
                .input(InferInput.ofFloats("x", new long[] {batch, 2}, new float[batch * 2]))
                .build();
    }

    private static BackendChain chain(InferenceBackend backend, Duration deadline, SimpleMeterRegistry registry) {
        return BackendChain.builder()
                .backend(backend)
                .interceptor(new MetricsInterceptor(registry))
                .interceptor(DeadlineInterceptor.of(deadline))
                .build();
    }

    @Test
    void should_fail_a_call_past_its_deadline_as_deadline_exceeded_cancel_it_and_count_it() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualBackend silent = new ManualBackend();
        BackendChain guarded = chain(silent, Duration.ofMillis(20), registry);
        // The wait only bounds a broken build; the deadline is 20 ms.
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> guarded.infer(request(3)).get(30, TimeUnit.SECONDS));
        BackendException be = assertInstanceOf(BackendException.class, e.getCause());
        assertEquals(BackendException.Reason.DEADLINE_EXCEEDED, be.reason());
        assertTrue(silent.next.isCancelled(), "the backend call is cancelled at the deadline");
        assertEquals(
                1,
                registry.get("radio4j_backend_call")
                        .tag("model", "m")
                        .tag("outcome", "deadline_exceeded")
                        .timer()
                        .count());
        assertEquals(
                3.0,
                registry.get("radio4j_backend_batch_size")
                        .tag("model", "m")
                        .summary()
                        .totalAmount());
    }

    @Test
    void should_pass_results_and_backend_failures_through_unchanged() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualBackend ok = new ManualBackend();
        CompletableFuture<InferResult> call =
                chain(ok, Duration.ofSeconds(30), registry).infer(request(1));
        ok.next.complete(null);
        assertNull(call.get(30, TimeUnit.SECONDS));

        ManualBackend failing = new ManualBackend();
        BackendException cause = new BackendException(BackendException.Reason.INVALID_REQUEST, "bad shape");
        CompletableFuture<InferResult> failed =
                chain(failing, Duration.ofSeconds(30), registry).infer(request(1));
        failing.next.completeExceptionally(cause);
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
        assertSame(cause, e.getCause());
        assertEquals(
                1,
                registry.get("radio4j_backend_call")
                        .tag("outcome", "invalid_request")
                        .timer()
                        .count());
        assertEquals(
                1,
                registry.get("radio4j_backend_call")
                        .tag("outcome", "ok")
                        .timer()
                        .count());
    }
}
