package io.radio4j.core.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which inference backend to create, as a value: the one place where radio4j turns settings into an
 * {@link InferenceBackend}. The {@code Radio} facade, the LangChain4j model builders, the Quarkus
 * beans and the load generator all describe their backend with this record and call
 * {@link #create()}, so each setting means the same everywhere.
 *
 * <pre>{@code
 * BackendSpec laptop = BackendSpec.embeddedTiny();                        // stand-in models, no GPU
 * BackendSpec cpu = BackendSpec.embedded(Path.of("onnx-models"));
 * BackendSpec gpu = BackendSpec.builder().kind(BackendSpec.Kind.TRITON)
 *         .targets(List.of("gpu-1:8001", "gpu-2:8001")).localRepository(Path.of("models")).tls(true).build();
 * try (InferenceBackend backend = gpu.create()) { ... }
 * }</pre>
 *
 * <p>Each setting applies to one kind; one given for the other kind is refused when the spec is
 * built, never silently ignored. Unset (null) settings take the backend's own default.
 *
 * @param kind where inference runs
 * @param targets {@link Kind#TRITON}: gRPC addresses {@code host:port}, used round-robin (at least
 *     one); empty for {@link Kind#EMBEDDED}
 * @param repository {@link Kind#EMBEDDED}: the model repository folder of ONNX models to load, or
 *     null for the tiny stand-in models on the classpath ({@code io.radio4j:triton-model-repo});
 *     must be null for {@link Kind#TRITON} (the server has its own)
 * @param localRepository both kinds: a local folder in repository layout from which files beside a
 *     model's config (the RADIO-CLIP {@code tokenizer.json}) are read; for Triton the only source of
 *     such files, for the embedded backend read before the model repository's own; or null
 * @param tls {@link Kind#TRITON}: TLS with the JDK's trusted CAs instead of plaintext
 * @param trustedCertificates {@link Kind#TRITON}: a PEM file of CA certificates to trust (implies
 *     TLS), or null
 * @param deadline {@link Kind#TRITON}: deadline of every call that sets none of its own, or null for
 *     the client's default
 * @param maxReconnectBackoff {@link Kind#TRITON}: longest wait between reconnection attempts, or
 *     null for the client's default
 * @param concurrency {@link Kind#EMBEDDED}: requests run at once per model (at least 1), or null for
 *     {@link OnnxBackend#DEFAULT_CONCURRENCY}
 */
public record BackendSpec(
        Kind kind,
        List<String> targets,
        Path repository,
        Path localRepository,
        boolean tls,
        Path trustedCertificates,
        Duration deadline,
        Duration maxReconnectBackoff,
        Integer concurrency) {

    /** Where inference runs. */
    public enum Kind {
        /** ONNX Runtime in this process ({@link OnnxBackend}). */
        EMBEDDED,
        /** One or more Triton Inference Servers over gRPC ({@link TritonBackend}). */
        TRITON
    }

    /**
     * @throws IllegalArgumentException if a setting does not belong to the kind, no Triton target is
     *     given, a target is blank, or a duration or the concurrency is not positive
     */
    public BackendSpec {
        Objects.requireNonNull(kind, "kind");
        targets = targets == null ? List.of() : List.copyOf(targets);
        if (trustedCertificates != null) {
            tls = true;
        }
        positive(deadline, "deadline");
        positive(maxReconnectBackoff, "maxReconnectBackoff");
        if (concurrency != null && concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        switch (kind) {
            case TRITON -> {
                if (targets.isEmpty()) {
                    throw new IllegalArgumentException("a Triton backend needs at least one target (host:port)");
                }
                for (String target : targets) {
                    if (target == null || target.isBlank()) {
                        throw new IllegalArgumentException("blank Triton target in " + targets);
                    }
                }
                refuse(
                        kind,
                        repository != null,
                        "repository",
                        "Triton loads its own models; give localRepository for the tokenizer");
                refuse(kind, concurrency != null, "concurrency", "the server sets its own instance counts");
            }
            case EMBEDDED -> {
                refuse(kind, !targets.isEmpty(), "targets", "the embedded backend runs in this process");
                refuse(kind, tls, "tls", "the embedded backend makes no network calls");
                refuse(kind, deadline != null, "deadline", "bound calls with the encoders' timeout instead");
                refuse(
                        kind,
                        maxReconnectBackoff != null,
                        "maxReconnectBackoff",
                        "the embedded backend makes no network calls");
            }
        }
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void refuse(Kind kind, boolean given, String setting, String why) {
        if (given) {
            throw new IllegalArgumentException(setting + " does not apply to "
                    + (kind == Kind.TRITON ? "a Triton" : "an embedded") + " backend (" + why + ")");
        }
    }

    /** The embedded backend over the tiny stand-in models on the classpath: for tests and demos. */
    public static BackendSpec embeddedTiny() {
        return builder().build();
    }

    /** The embedded backend over a model repository folder of ONNX models. */
    public static BackendSpec embedded(Path repository) {
        return builder()
                .repository(Objects.requireNonNull(repository, "repository"))
                .build();
    }

    /** Triton servers ({@code host:port}), used round-robin, with every other setting at its default. */
    public static BackendSpec triton(String... targets) {
        return builder().kind(Kind.TRITON).targets(List.of(targets)).build();
    }

    /** A builder; default an embedded backend over the tiny stand-in models. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's settings, for variants. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind;
        b.targets = new ArrayList<>(targets);
        b.repository = repository;
        b.localRepository = localRepository;
        b.tls = tls;
        b.trustedCertificates = trustedCertificates;
        b.deadline = deadline;
        b.maxReconnectBackoff = maxReconnectBackoff;
        b.concurrency = concurrency;
        return b;
    }

    /**
     * Creates the backend this spec describes; the caller owns it and closes it. The embedded
     * backend loads its models now; the Triton backend connects lazily.
     *
     * @throws IllegalArgumentException if a folder does not exist
     * @throws BackendException if an embedded model cannot be loaded, or the tiny models are not on
     *     the classpath
     */
    public InferenceBackend create() {
        return switch (kind) {
            case EMBEDDED -> {
                OnnxBackend.Builder b = OnnxBackend.builder();
                if (repository == null) {
                    OnnxBackend.requireTinyModels();
                    b.classpathRepository(
                            OnnxBackend.TINY_CLASSPATH_ROOT, io.radio4j.core.model.RadioModels.ALL_WITH_BYTES);
                } else {
                    b.repository(repository);
                }
                if (localRepository != null) {
                    b.localRepository(localRepository);
                }
                if (concurrency != null) {
                    b.concurrency(concurrency);
                }
                yield b.build();
            }
            case TRITON -> {
                TritonBackend.Builder b = TritonBackend.builder().targets(targets);
                if (localRepository != null) {
                    b.localRepository(localRepository);
                }
                if (trustedCertificates != null) {
                    b.tls(trustedCertificates);
                } else if (tls) {
                    b.tls();
                }
                if (deadline != null) {
                    b.deadline(deadline);
                }
                if (maxReconnectBackoff != null) {
                    b.maxReconnectBackoff(maxReconnectBackoff);
                }
                yield b.build();
            }
        };
    }

    /** Builds a {@link BackendSpec}; each setter's meaning is the record component of that name. Not thread-safe. */
    public static final class Builder {
        private Kind kind = Kind.EMBEDDED;
        private List<String> targets = new ArrayList<>();
        private Path repository;
        private Path localRepository;
        private boolean tls;
        private Path trustedCertificates;
        private Duration deadline;
        private Duration maxReconnectBackoff;
        private Integer concurrency;

        private Builder() {}

        /** Where inference runs; default {@link Kind#EMBEDDED}. */
        public Builder kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /** Triton gRPC addresses, {@code host:port} (copied; null clears). */
        public Builder targets(List<String> targets) {
            this.targets = targets == null ? new ArrayList<>() : new ArrayList<>(targets);
            return this;
        }

        /** Embedded: the model repository folder; null (default) for the tiny classpath models. */
        public Builder repository(Path repository) {
            this.repository = repository;
            return this;
        }

        /** A local folder in repository layout read for files beside a model's config; default none. */
        public Builder localRepository(Path localRepository) {
            this.localRepository = localRepository;
            return this;
        }

        /** Triton: TLS with the JDK's trusted CAs; default false (plaintext). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Triton: a PEM file of CA certificates to trust (implies TLS); default none. */
        public Builder trustedCertificates(Path pem) {
            this.trustedCertificates = pem;
            return this;
        }

        /** Triton: deadline of every call that sets none; default the client's. */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Triton: longest wait between reconnection attempts; default the client's. */
        public Builder maxReconnectBackoff(Duration maxReconnectBackoff) {
            this.maxReconnectBackoff = maxReconnectBackoff;
            return this;
        }

        /** Embedded: requests run at once per model; default {@link OnnxBackend#DEFAULT_CONCURRENCY}. */
        public Builder concurrency(Integer concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor */
        public BackendSpec build() {
            return new BackendSpec(
                    kind,
                    targets,
                    repository,
                    localRepository,
                    tls,
                    trustedCertificates,
                    deadline,
                    maxReconnectBackoff,
                    concurrency);
        }
    }
}
