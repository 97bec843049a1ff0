package io.radio4j.service.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GuardedBackendTest {

    /** A backend whose calls complete only when the test says so (or never). */
    private static final class ManualBackend implements InferenceBackend {
        final CompletableFuture<InferResult> next = new CompletableFuture<>();

        @Override public ModelConfiguration modelConfig(String model) { throw new UnsupportedOperationException(); }
        @Override public ModelMetadata modelMetadata(String model) { throw new UnsupportedOperationException(); }
        @Override public boolean isReady() { return true; }
        @Override public boolean isModelReady(String model) { return true; }
        @Override public CompletableFuture<InferResult> infer(InferRequest request) { return next; }
        @Override public String description() { return "manual"; }
        @Override public void close() {}
    }

    private static InferRequest request(int batch) {
        return InferRequest.builder().modelName("m")
                .input(InferInput.ofFloats("x", new long[] {batch, 2}, new float[batch * 2])).build();
    }

    @Test
    void should_fail_a_call_past_its_deadline_as_unavailable_and_count_it() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GuardedBackend guarded = new GuardedBackend(new ManualBackend(), Duration.ofMillis(20), registry);
        ExecutionException e = assertThrows(ExecutionException.class, () -> guarded.infer(request(3)).get());
        BackendException be = assertInstanceOf(BackendException.class, e.getCause());
        assertEquals(BackendException.Reason.UNAVAILABLE, be.reason());
        assertEquals(1, registry.get("radio4j_backend_call").tag("model", "m").tag("outcome", "deadline").timer().count());
        assertEquals(3.0, registry.get("radio4j_backend_batch_size").tag("model", "m").summary().totalAmount());
    }

    @Test
    void should_pass_results_and_backend_failures_through_unchanged() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualBackend ok = new ManualBackend();
        GuardedBackend guarded = new GuardedBackend(ok, Duration.ofSeconds(30), registry);
        CompletableFuture<InferResult> call = guarded.infer(request(1));
        ok.next.complete(null);
        assertEquals(null, call.get());

        ManualBackend failing = new ManualBackend();
        BackendException cause = new BackendException(BackendException.Reason.INVALID_REQUEST, "bad shape");
        CompletableFuture<InferResult> failed = new GuardedBackend(failing, Duration.ofSeconds(30), registry).infer(request(1));
        failing.next.completeExceptionally(cause);
        ExecutionException e = assertThrows(ExecutionException.class, failed::get);
        assertSame(cause, e.getCause());
        assertEquals(1, registry.get("radio4j_backend_call").tag("outcome", "invalid_request").timer().count());
        assertEquals(1, registry.get("radio4j_backend_call").tag("outcome", "ok").timer().count());
    }
}
