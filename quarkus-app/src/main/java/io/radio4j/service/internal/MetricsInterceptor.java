package io.radio4j.service.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendInterceptor;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Records every inference call of the service's backend chain:
 * {@code radio4j_backend_call_seconds{model,outcome}} (histogram; outcome {@code ok}, the
 * {@link BackendException.Reason} in lower case such as {@code deadline_exceeded}, {@code cancelled}
 * or {@code error}) and {@code radio4j_backend_batch_size{model}} (the request's leading dimension).
 * Outermost in the chain, so a call's time includes its deadline and retries. Thread-safe.
 */
public final class MetricsInterceptor implements BackendInterceptor {

    private final MeterRegistry registry;

    public MetricsInterceptor(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public CompletableFuture<InferResult> intercept(Chain chain) {
        InferRequest request = chain.request();
        String model = request.modelName();
        if (!request.inputs().isEmpty() && request.inputs().getFirst().shape().length > 0) {
            DistributionSummary.builder("radio4j_backend_batch_size")
                    .tag("model", model)
                    .description("leading (batch) dimension of inference requests")
                    .register(registry)
                    .record(request.inputs().getFirst().shape()[0]);
        }
        long start = System.nanoTime();
        CompletableFuture<InferResult> answer = chain.proceed(request);
        answer.whenComplete((result, error) -> Timer.builder("radio4j_backend_call")
                .tag("model", model)
                .tag("outcome", outcome(error))
                .description("latency of one backend inference call")
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        return answer;
    }

    private static String outcome(Throwable error) {
        Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
        return switch (cause) {
            case null -> "ok";
            case BackendException be -> be.reason().name().toLowerCase(Locale.ROOT);
            case CancellationException ignored -> "cancelled";
            default -> "error";
        };
    }
}
