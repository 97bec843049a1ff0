package io.radio4j.core;

import io.radio4j.core.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code radio4j.*} settings of an application, as plain values: what the Quarkus module's
 * {@code Radio4jConfig} and the Spring Boot module's {@code Radio4jProperties} bind from
 * configuration, so both turn the same keys into the same backend and encoders. Every default is
 * here ({@link #DEFAULTS}); error messages name the configuration key at fault.
 *
 * <pre>{@code
 * RadioSettings settings = new RadioSettings(
 *         RadioSettings.Backend.DEFAULTS.withTritonAddresses(List.of("gpu-1:8001")),
 *         RadioSettings.Limits.DEFAULTS);
 * InferenceBackend backend = settings.backend().spec().create();
 * SharedEncoders encoders = new SharedEncoders(backend, settings, null);
 * }</pre>
 *
 * @param backend the {@code radio4j.backend.*} keys
 * @param limits the {@code radio4j.limits.*} keys
 */
public record RadioSettings(Backend backend, Limits limits) {

    /** Every key at its default: the embedded backend over the tiny stand-in models. */
    public static final RadioSettings DEFAULTS = new RadioSettings(Backend.DEFAULTS, Limits.DEFAULTS);

    /** @throws NullPointerException if a part is null */
    public RadioSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Where inference runs ({@code radio4j.backend.*}).
     *
     * @param kind {@code radio4j.backend.kind}: {@code embedded} (ONNX Runtime in this process) or
     *     {@code triton}; default embedded
     * @param repository {@code radio4j.backend.repository}: embedded, the folder of ONNX models to
     *     load (null: the tiny stand-in models of {@code io.radio4j:triton-model-repo} on the
     *     classpath); triton, a local copy of the model repository from which the RADIO-CLIP
     *     tokenizer is read; default null
     * @param tritonAddresses {@code radio4j.backend.triton-addresses}: gRPC {@code host:port}
     *     addresses used round-robin, required for triton (null: none)
     * @param tritonTls {@code radio4j.backend.triton-tls}: TLS with the JDK's trusted CAs; default false
     * @param tritonTrustedCertificates {@code radio4j.backend.triton-trusted-certificates}: a PEM
     *     file of CA certificates to trust (implies TLS), or null
     * @param deadline {@code radio4j.backend.deadline}: deadline of every Triton call and timeout of
     *     every encoder and embedding model; default {@link #DEFAULT_DEADLINE}
     * @param maxReconnectBackoff {@code radio4j.backend.max-reconnect-backoff}: triton, longest wait
     *     between reconnection attempts; default {@link #DEFAULT_MAX_RECONNECT_BACKOFF}
     * @param embeddedConcurrency {@code radio4j.backend.embedded-concurrency}: embedded, ONNX
     *     Runtime runs at once per model; default {@link #DEFAULT_EMBEDDED_CONCURRENCY}
     */
    public record Backend(
            BackendSpec.Kind kind,
            Path repository,
            List<String> tritonAddresses,
            boolean tritonTls,
            Path tritonTrustedCertificates,
            Duration deadline,
            Duration maxReconnectBackoff,
            int embeddedConcurrency) {

        /** Default of {@code radio4j.backend.deadline}. */
        public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

        /** Default of {@code radio4j.backend.max-reconnect-backoff}. */
        public static final Duration DEFAULT_MAX_RECONNECT_BACKOFF = Duration.ofSeconds(3);

        /** Default of {@code radio4j.backend.embedded-concurrency}. */
        public static final int DEFAULT_EMBEDDED_CONCURRENCY = 2;

        /** Every {@code radio4j.backend.*} key at its default. */
        public static final Backend DEFAULTS = new Backend(
                BackendSpec.Kind.EMBEDDED,
                null,
                List.of(),
                false,
                null,
                DEFAULT_DEADLINE,
                DEFAULT_MAX_RECONNECT_BACKOFF,
                DEFAULT_EMBEDDED_CONCURRENCY);

        /**
         * @throws NullPointerException if {@code kind}, {@code deadline} or
         *     {@code maxReconnectBackoff} is null
         * @throws IllegalArgumentException naming the key, if a duration or the concurrency is not
         *     positive
         */
        public Backend {
            Objects.requireNonNull(kind, "radio4j.backend.kind");
            Objects.requireNonNull(deadline, "radio4j.backend.deadline");
            Objects.requireNonNull(maxReconnectBackoff, "radio4j.backend.max-reconnect-backoff");
            tritonAddresses = tritonAddresses == null ? List.of() : List.copyOf(tritonAddresses);
            positive(deadline, "radio4j.backend.deadline");
            positive(maxReconnectBackoff, "radio4j.backend.max-reconnect-backoff");
            if (embeddedConcurrency < 1) {
                throw new IllegalArgumentException(
                        "radio4j.backend.embedded-concurrency must be at least 1, got " + embeddedConcurrency);
            }
        }

        private static void positive(Duration d, String key) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, got " + d);
            }
        }

        /** These settings with other Triton addresses and {@code kind} triton. */
        public Backend withTritonAddresses(List<String> addresses) {
            return new Backend(
                    BackendSpec.Kind.TRITON,
                    repository,
                    addresses,
                    tritonTls,
                    tritonTrustedCertificates,
                    deadline,
                    maxReconnectBackoff,
                    embeddedConcurrency);
        }

        /**
         * The backend these settings describe. Settings of the other kind are left out (an embedded
         * backend takes no deadline: the encoders' timeout bounds its calls).
         *
         * @throws IllegalStateException if {@code kind} is triton without addresses
         * @throws IllegalArgumentException if an address is blank
         */
        public BackendSpec spec() {
            BackendSpec.Builder spec = BackendSpec.builder().kind(kind);
            switch (kind) {
                case EMBEDDED -> spec.repository(repository).concurrency(embeddedConcurrency);
                case TRITON -> {
                    if (tritonAddresses.isEmpty()) {
                        throw new IllegalStateException(
                                "radio4j.backend.kind=triton needs radio4j.backend.triton-addresses (host:port,...)");
                    }
                    spec.targets(tritonAddresses)
                            .localRepository(repository)
                            .tls(tritonTls)
                            .trustedCertificates(tritonTrustedCertificates)
                            // Metadata, configuration and health calls too: none may outlast the deadline.
                            .deadline(deadline)
                            .maxReconnectBackoff(maxReconnectBackoff);
                }
            }
            return spec.build();
        }
    }

    /**
     * Limits every shared encoder and embedding model applies ({@code radio4j.limits.*}); each must
     * be positive.
     *
     * @param maxItemsPerCall {@code radio4j.limits.max-items-per-call}: items one encoder call takes
     *     (larger embedding calls go in slices); default 64
     * @param maxTextChars {@code radio4j.limits.max-text-chars}: characters in one text; default 2048
     * @param maxImageBytes {@code radio4j.limits.max-image-bytes}: encoded bytes of one image;
     *     default 16 MiB
     * @param maxImagePixels {@code radio4j.limits.max-image-pixels}: decoded pixels of one image;
     *     default 89,478,485 (Pillow's bomb limit)
     */
    public record Limits(int maxItemsPerCall, int maxTextChars, long maxImageBytes, long maxImagePixels) {

        /** Every {@code radio4j.limits.*} key at its default. */
        public static final Limits DEFAULTS = new Limits(64, 2048, 16L * 1024 * 1024, 89_478_485L);

        /** @throws IllegalArgumentException naming the key, if a limit is not positive */
        public Limits {
            positive(maxItemsPerCall, "radio4j.limits.max-items-per-call");
            positive(maxTextChars, "radio4j.limits.max-text-chars");
            positive(maxImageBytes, "radio4j.limits.max-image-bytes");
            positive(maxImagePixels, "radio4j.limits.max-image-pixels");
        }

        private static void positive(long value, String key) {
            if (value < 1) {
                throw new IllegalArgumentException(key + " must be positive, got " + value);
            }
        }
    }
}
