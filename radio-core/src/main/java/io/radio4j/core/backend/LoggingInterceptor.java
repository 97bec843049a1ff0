package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each call through SLF4J: model, batch size, outcome and duration at DEBUG when it succeeds,
 * at WARN when it fails (with the failure's reason and message, never tensor data). Logger
 * {@code io.radio4j.core.backend.LoggingInterceptor} unless another is given. Thread-safe.
 */
public final class LoggingInterceptor implements BackendInterceptor {

    private final Logger log;

    private LoggingInterceptor(Logger log) {
        this.log = log;
    }

    /** Logs to this class's logger. */
    public static LoggingInterceptor create() {
        return new LoggingInterceptor(LoggerFactory.getLogger(LoggingInterceptor.class));
    }

    /** Logs to {@code log}. */
    public static LoggingInterceptor to(Logger log) {
        return new LoggingInterceptor(java.util.Objects.requireNonNull(log, "log"));
    }

    @Override
    public CompletableFuture<InferResult> intercept(Chain chain) {
        InferRequest request = chain.request();
        long start = System.nanoTime();
        CompletableFuture<InferResult> answer = chain.proceed(request);
        answer.whenComplete((result, error) -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (error == null) {
                log.debug(
                        "{} model '{}' batch {}: ok in {} ms",
                        chain.backendDescription(),
                        request.modelName(),
                        batch(request),
                        millis);
            } else {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                String outcome = cause instanceof BackendException be
                        ? be.reason().name()
                        : cause.getClass().getSimpleName();
                log.warn(
                        "{} model '{}' batch {}: {} after {} ms: {}",
                        chain.backendDescription(),
                        request.modelName(),
                        batch(request),
                        outcome,
                        millis,
                        cause.getMessage());
            }
        });
        return answer;
    }

    private static long batch(InferRequest request) {
        long[] shape = request.inputs().getFirst().shape();
        return shape.length == 0 ? 1 : shape[0];
    }
}
