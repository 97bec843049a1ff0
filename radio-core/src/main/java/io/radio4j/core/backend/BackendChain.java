package io.radio4j.core.backend;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An {@link InferenceBackend} that runs every inference call through a list of
 * {@link BackendInterceptor}s, in the order given (the first is the outermost), then the wrapped
 * backend. Everything else (configuration, metadata, statistics, health, files, description,
 * close) goes to the wrapped backend directly, in this one place, so interceptors stay about calls.
 *
 * <pre>{@code
 * InferenceBackend backend = BackendChain.builder()
 *         .backend(TritonBackend.builder().target("gpu-1:8001").build())
 *         .interceptor(LoggingInterceptor.create())
 *         .interceptor(DeadlineInterceptor.of(Duration.ofSeconds(30)))   // for requests that carry none
 *         .interceptor(RetryInterceptor.builder().maxRetries(2).build())  // UNAVAILABLE only, within the deadline
 *         .interceptor(ConcurrencyLimitInterceptor.of(64))                // per attempt
 *         .build();
 * }</pre>
 *
 * <p>Cancellation is the chain's job, not each interceptor's: cancelling the future
 * {@link #infer(InferRequest)} returned cancels every backend attempt still running (for
 * {@link TritonBackend}, the gRPC call, so the server can drop the work), and so does the call
 * ending otherwise (a deadline, a failure) while an attempt runs. A chain whose caller cancelled
 * starts no further attempt.
 *
 * <p>Thread-safe when its interceptors are. {@link #close()} closes the wrapped backend.
 */
public final class BackendChain implements InferenceBackend {

    private final InferenceBackend backend;
    private final List<BackendInterceptor> interceptors;

    private BackendChain(Builder builder) {
        this.backend = Objects.requireNonNull(builder.backend, "backend(...) is required");
        this.interceptors = List.copyOf(builder.interceptors);
    }

    /** A builder; {@link Builder#backend(InferenceBackend)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The wrapped backend (the innermost, which the last interceptor calls). */
    public InferenceBackend backend() {
        return backend;
    }

    /** The interceptors, outermost first. */
    public List<BackendInterceptor> interceptors() {
        return interceptors;
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        Call call = new Call();
        CompletableFuture<InferResult> inner = new Link(call, 0, request).proceed(request);
        inner.whenComplete((result, error) -> {
            if (error != null) {
                call.completeExceptionally(unwrap(error));
            } else {
                call.complete(result);
            }
        });
        return call;
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return backend.modelConfig(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        return backend.modelMetadata(model);
    }

    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        return backend.modelStatistics(model);
    }

    @Override
    public boolean isReady() {
        return backend.isReady();
    }

    @Override
    public boolean isModelReady(String model) {
        return backend.isModelReady(model);
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        return backend.modelFile(model, fileName);
    }

    @Override
    public String description() {
        return backend.description();
    }

    @Override
    public void close() {
        backend.close();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The future of one call: it remembers the backend attempts started for it and cancels those
     * still running when it completes in any way (answered, failed, cancelled by the caller).
     */
    private static final class Call extends CompletableFuture<InferResult> {
        private final Queue<CompletableFuture<InferResult>> attempts = new ConcurrentLinkedQueue<>();

        Call() {
            whenComplete((result, error) -> cancelAttempts());
        }

        void started(CompletableFuture<InferResult> attempt) {
            attempts.add(attempt);
            attempt.whenComplete((result, error) -> attempts.remove(attempt));
            if (isDone()) {
                // The call ended while this attempt was being started.
                attempt.cancel(true);
            }
        }

        private void cancelAttempts() {
            for (CompletableFuture<InferResult> attempt; (attempt = attempts.poll()) != null; ) {
                attempt.cancel(true);
            }
        }
    }

    /** The chain as interceptor {@code index} sees it. */
    private final class Link implements BackendInterceptor.Chain {
        private final Call call;
        private final int index;
        private final InferRequest request;

        Link(Call call, int index, InferRequest request) {
            this.call = call;
            this.index = index;
            this.request = Objects.requireNonNull(request, "request");
        }

        @Override
        public InferRequest request() {
            return request;
        }

        @Override
        public String backendDescription() {
            return backend.description();
        }

        @Override
        public CompletableFuture<InferResult> proceed(InferRequest next) {
            if (call.isDone()) {
                return CompletableFuture.failedFuture(new CancellationException("the call has already ended"));
            }
            try {
                if (index == interceptors.size()) {
                    CompletableFuture<InferResult> attempt = backend.infer(next);
                    call.started(attempt);
                    return attempt;
                }
                CompletableFuture<InferResult> answer =
                        interceptors.get(index).intercept(new Link(call, index + 1, next));
                return answer != null
                        ? answer
                        : CompletableFuture.failedFuture(
                                new IllegalStateException(interceptors.get(index) + " returned null"));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** Builds a {@link BackendChain}. Not thread-safe. */
    public static final class Builder {
        private InferenceBackend backend;
        private final List<BackendInterceptor> interceptors = new ArrayList<>();

        private Builder() {}

        /** Required: the backend the last interceptor calls, closed with the chain. */
        public Builder backend(InferenceBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Adds an interceptor inside those added before it. */
        public Builder interceptor(BackendInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds several interceptors, outermost first. */
        public Builder interceptors(List<? extends BackendInterceptor> more) {
            more.forEach(this::interceptor);
            return this;
        }

        /** @throws NullPointerException if no backend was given */
        public BackendChain build() {
            return new BackendChain(this);
        }
    }
}
