package io.radio4j.core.backend;

import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.backend.internal.ModelRepository;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The backend for production: one or more Triton Inference Servers over gRPC, through
 * triton-client's {@link TritonClient} (client-side round-robin over several addresses).
 *
 * <pre>{@code
 * try (TritonBackend backend = TritonBackend.builder().target("gpu-1:8001").build()) { ... }
 * }</pre>
 *
 * <p>Triton does not publish files beside a model's configuration over its protocol, so the
 * RADIO-CLIP tokenizer is read from a local copy of the model repository when
 * {@link Builder#localRepository(Path)} names one ({@link #modelFile(String, String)}).
 *
 * <p>Errors: every {@link TritonException} becomes a {@link BackendException} carrying it as the
 * cause: NOT_FOUND → {@link Reason#MODEL_NOT_FOUND}, INVALID_ARGUMENT / OUT_OF_RANGE →
 * {@link Reason#INVALID_REQUEST}, DEADLINE_EXCEEDED → {@link Reason#DEADLINE_EXCEEDED},
 * RESOURCE_EXHAUSTED from the server → {@link Reason#RESOURCE_EXHAUSTED}, and what the client calls
 * retryable (UNAVAILABLE) → {@link Reason#UNAVAILABLE}; anything else → {@link Reason#INTERNAL}.
 *
 * <p>Deadlines and cancellation: a request's {@link InferRequest#deadline()} becomes the gRPC
 * deadline of its call (requests without one get {@link Builder#deadline(Duration)}); cancelling
 * the future {@link #infer(InferRequest)} returns cancels the gRPC call, which the server sees.
 *
 * <p>Thread-safe. Closes the client only when this backend created it.
 */
public final class TritonBackend implements InferenceBackend {

    private final TritonClient client;
    private final boolean ownsClient;
    private final String description;
    private final ModelRepository.Directory localRepository;

    private TritonBackend(Builder builder) {
        if (builder.client != null) {
            this.client = builder.client;
            this.ownsClient = false;
            this.description = "triton[client]";
        } else {
            TritonClient.Builder b = TritonClient.builder();
            if (builder.deadline != null) {
                b.defaultDeadline(builder.deadline);
            }
            if (builder.maxReconnectBackoff != null) {
                b.maxReconnectBackoff(builder.maxReconnectBackoff);
            }
            if (builder.trustedCertificates != null) {
                b.tls(builder.trustedCertificates);
            } else if (builder.tls) {
                b.tls();
            }
            if (builder.targets.size() == 1) {
                b.target(builder.targets.getFirst());
            } else {
                b.targets(builder.targets);
            }
            this.client = b.build();
            this.ownsClient = true;
            this.description = "triton" + builder.targets;
        }
        this.localRepository =
                builder.localRepository == null ? null : new ModelRepository.Directory(builder.localRepository);
    }

    /** A builder; {@link Builder#target(String)}, {@link Builder#targets(List)} or {@link Builder#client(TritonClient)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The client this backend calls, for what the interface does not cover (statistics, repository control). */
    public TritonClient client() {
        return client;
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        return call(() -> client.modelConfig(model));
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        return call(() -> client.modelMetadata(model));
    }

    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        return call(() -> client.modelStatistics(model == null ? "" : model, ""));
    }

    @Override
    public boolean isReady() {
        try {
            return client.isServerLive() && client.isServerReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean isModelReady(String model) {
        try {
            return client.isModelReady(model);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        CompletableFuture<InferResult> sent;
        try {
            sent = client.inferAsync(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
        // Cancelling the answer must reach the gRPC call (so Triton can drop the work): the
        // client's future cancels its call, and this one passes a cancel on to it.
        CompletableFuture<InferResult> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                sent.cancel(mayInterruptIfRunning);
                return cancelled;
            }
        };
        sent.whenComplete((r, error) -> {
            if (error != null) {
                result.completeExceptionally(translate(error));
            } else {
                result.complete(r);
            }
        });
        return result;
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        ModelRepository.checkFileName(fileName);
        return localRepository == null ? Optional.empty() : localRepository.file(model, fileName);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Maps a client failure to the backend's error type, keeping it as the cause. */
    static BackendException translate(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BackendException be) {
            return be;
        }
        if (cause instanceof TritonException te) {
            Reason reason = switch (te.statusCode()) {
                case NOT_FOUND -> Reason.MODEL_NOT_FOUND;
                case INVALID_ARGUMENT, OUT_OF_RANGE -> Reason.INVALID_REQUEST;
                case DEADLINE_EXCEEDED -> Reason.DEADLINE_EXCEEDED;
                // A request refused here for its size will never fit: not a limit that passes.
                case RESOURCE_EXHAUSTED -> te.isClientSide() ? Reason.INTERNAL : Reason.RESOURCE_EXHAUSTED;
                default -> te.isRetryable() ? Reason.UNAVAILABLE : Reason.INTERNAL;
            };
            return new BackendException(reason, te.getMessage(), te);
        }
        if (cause instanceof IllegalArgumentException) {
            return new BackendException(Reason.INVALID_REQUEST, cause.getMessage(), cause);
        }
        return new BackendException(Reason.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }

    /** Builds a {@link TritonBackend}. Not thread-safe. */
    public static final class Builder {
        private final List<String> targets = new ArrayList<>();
        private TritonClient client;
        private Path localRepository;
        private Duration deadline;
        private Duration maxReconnectBackoff;
        private boolean tls;
        private Path trustedCertificates;

        private Builder() {}

        /** TLS with the JDK's trusted CAs; default plaintext. Ignored with {@link #client}. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * TLS trusting the CA certificates of this PEM file (implies {@link #tls()}). Ignored with
         * {@link #client}.
         */
        public Builder tls(Path trustedCertificatesPem) {
            this.tls = true;
            this.trustedCertificates = Objects.requireNonNull(trustedCertificatesPem, "trustedCertificatesPem");
            return this;
        }

        /**
         * Deadline of every call that sets none of its own (metadata, configuration, health and
         * inference); default {@link TritonClient#DEFAULT_DEADLINE}. Ignored with {@link #client}.
         */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * Longest wait between reconnection attempts to a server that is down; default
         * {@link TritonClient#DEFAULT_MAX_RECONNECT_BACKOFF}. Ignored with {@link #client}.
         */
        public Builder maxReconnectBackoff(Duration maxReconnectBackoff) {
            this.maxReconnectBackoff = maxReconnectBackoff;
            return this;
        }

        /** One server, {@code host:port} (Triton's gRPC port is 8001). */
        public Builder target(String target) {
            targets.clear();
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /** Several replicas of the same repository, used round-robin by the client. */
        public Builder targets(List<String> replicas) {
            if (replicas == null || replicas.isEmpty()) {
                throw new IllegalArgumentException("at least one target is required");
            }
            targets.clear();
            targets.addAll(replicas);
            return this;
        }

        /** A client built elsewhere (custom TLS, deadlines, retries); this backend will not close it. */
        public Builder client(TritonClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * A local copy of the server's model repository, read for files beside a model's config
         * (the RADIO-CLIP {@code tokenizer.json}).
         *
         * @throws IllegalArgumentException if {@code dir} is not a directory
         */
        public Builder localRepository(Path dir) {
            this.localRepository = ModelRepository.requireDirectory(dir, "local model repository");
            return this;
        }

        /** @throws IllegalStateException if neither targets nor a client were given */
        public TritonBackend build() {
            if (client == null && targets.isEmpty()) {
                throw new IllegalStateException("target(...), targets(...) or client(...) is required");
            }
            return new TritonBackend(this);
        }
    }
}
