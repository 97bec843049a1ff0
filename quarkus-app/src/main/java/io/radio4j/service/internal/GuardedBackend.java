package io.radio4j.service.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelStatistics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A backend decorator that puts the service's deadline on every inference call and records it:
 * {@code radio4j_backend_call_seconds{model,outcome}} (histogram) and
 * {@code radio4j_backend_batch_size{model}}. A call past its deadline fails with
 * {@link BackendException.Reason#UNAVAILABLE}, so the client gets a 503 rather than waiting forever.
 * Does not own the delegate's lifecycle beyond {@link #close()}, which closes it. Thread-safe.
 */
public final class GuardedBackend implements InferenceBackend {

    private final InferenceBackend delegate;
    private final Duration deadline;
    private final MeterRegistry registry;

    public GuardedBackend(InferenceBackend delegate, Duration deadline, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The wrapped backend. */
    public InferenceBackend delegate() {
        return delegate;
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        String model = request.modelName();
        if (!request.inputs().isEmpty() && request.inputs().getFirst().shape().length > 0) {
            DistributionSummary.builder("radio4j_backend_batch_size").tag("model", model)
                    .description("leading (batch) dimension of inference requests").register(registry)
                    .record(request.inputs().getFirst().shape()[0]);
        }
        long start = System.nanoTime();
        CompletableFuture<InferResult> call;
        try {
            call = delegate.infer(request);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> {
                    Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
                    String outcome = cause == null ? "ok"
                            : cause instanceof TimeoutException ? "deadline"
                            : cause instanceof BackendException be ? be.reason().name().toLowerCase() : "error";
                    Timer.builder("radio4j_backend_call").tag("model", model).tag("outcome", outcome)
                            .description("latency of one backend inference call").publishPercentileHistogram()
                            .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    if (cause instanceof TimeoutException) {
                        throw new BackendException(BackendException.Reason.UNAVAILABLE,
                                "model '" + model + "' did not answer within the deadline of " + deadline.toMillis() + " ms", cause);
                    }
                    if (cause != null) {
                        throw cause instanceof RuntimeException re ? new CompletionException(re) : new CompletionException(cause);
                    }
                    return result;
                });
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return delegate.modelConfig(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        return delegate.modelMetadata(model);
    }

    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        return delegate.modelStatistics(model);
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public boolean isModelReady(String model) {
        return delegate.isModelReady(model);
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        return delegate.modelFile(model, fileName);
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
