package io.radio4j.core.backend;

import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.radio4j.core.backend.internal.DeflateCodec;
import io.radio4j.core.backend.internal.KServeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link InferenceBackend} (typically the embedded {@link OnnxBackend}) over the KServe v2
 * gRPC protocol that Triton speaks, so Triton's tools (perf_analyzer, Python {@code tritonclient})
 * and this project's {@code TritonClient} can use a CPU-only machine as if it ran Triton.
 *
 * <p>Every RPC answers as Triton does (codes, texts, check order; see the module README's table):
 * health, metadata, configuration (with Triton's defaults filled in), statistics, unary and
 * streaming inference, repository control in Triton's explicit mode
 * ({@link Builder#explicitModelControl(boolean)}), system shared memory
 * ({@link Builder#allowClientSharedMemory(boolean)}), CUDA shared memory as a CPU-only Triton.
 * Trace and log settings answer UNIMPLEMENTED. Requests may be gzip- or deflate-compressed.
 * Optional TLS ({@link Builder#tls(Path, Path)}, {@link Builder#mutualTls(Path)}) and keepalive
 * settings mirror Triton's {@code --grpc-use-ssl*} and {@code --grpc-keepalive-*} options.
 *
 * <pre>{@code
 * try (OnnxBackend backend = OnnxBackend.builder().repository(Path.of("models")).build();
 *      KServeServer server = KServeServer.builder().backend(backend).port(8001).build().start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Thread-safe. The server does not close the backend (it does not own it).
 */
public final class KServeServer implements AutoCloseable {

    /** Default of {@link Builder#port(int)}: Triton's gRPC port. */
    public static final int DEFAULT_PORT = 8001;
    /** Default of {@link Builder#host(String)}: loopback only; use {@code "0.0.0.0"} to listen on every interface. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default of {@link Builder#maxMessageBytes(int)}: the largest request or response, as Triton's INT32_MAX. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = Integer.MAX_VALUE;
    /** Default of {@link Builder#keepAlive(Duration, Duration)}'s timeout: Triton's {@code --grpc-keepalive-timeout} (20 s). */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
    /** Default of {@link Builder#keepAliveMinClientInterval(Duration)}: Triton's {@code --grpc-http2-min-recv-ping-interval-without-data} (5 min). */
    public static final Duration DEFAULT_KEEPALIVE_MIN_CLIENT_INTERVAL = Duration.ofMinutes(5);
    /** Default of {@link Builder#sharedMemoryRoot(Path)}: where Linux keeps POSIX shared-memory objects. */
    public static final Path DEFAULT_SHARED_MEMORY_ROOT = Path.of("/dev/shm");

    private static final Logger LOG = LoggerFactory.getLogger(KServeServer.class);

    private final Server server;
    private final InferenceBackend backend;

    private KServeServer(Builder builder) {
        this.backend = builder.backend;
        NettyServerBuilder netty = NettyServerBuilder.forAddress(
                        new InetSocketAddress(builder.host, builder.port), credentials(builder))
                .maxInboundMessageSize(builder.maxMessageBytes)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new DeflateCodec(), true))
                .compressorRegistry(registryWithDeflate())
                .permitKeepAliveWithoutCalls(builder.keepAlivePermitWithoutCalls)
                .permitKeepAliveTime(builder.keepAliveMinClientInterval.toNanos(), TimeUnit.NANOSECONDS)
                .intercept(KServeService.headerInterceptor())
                .addService(new KServeService(
                        builder.backend,
                        version(),
                        new KServeService.Options(
                                builder.explicitModelControl,
                                builder.allowClientSharedMemory,
                                builder.sharedMemoryRoot)));
        if (builder.keepAliveTime != null) {
            netty.keepAliveTime(builder.keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(builder.keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (builder.maxConnectionAge != null) {
            netty.maxConnectionAge(builder.maxConnectionAge.toNanos(), TimeUnit.NANOSECONDS);
        }
        this.server = netty.build();
    }

    /** A builder; {@link Builder#backend(InferenceBackend)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws UncheckedIOException if the port cannot be bound (in use, no permission)
     */
    public KServeServer start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve KServe v2 on port " + server.getPort() + ": " + e.getMessage(), e);
        }
        LOG.info("serving {} over KServe v2 gRPC on port {}", backend.description(), port());
        return this;
    }

    /** The bound port (useful after {@code port(0)}), or -1 before {@link #start()}. */
    public int port() {
        return server.getPort();
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops accepting calls, waits up to 5 seconds for running ones, then cancels them. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static CompressorRegistry registryWithDeflate() {
        CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
        registry.register(io.grpc.Codec.Identity.NONE);
        registry.register(new io.grpc.Codec.Gzip());
        registry.register(new DeflateCodec());
        return registry;
    }

    private static ServerCredentials credentials(Builder builder) {
        if (builder.certChain == null) {
            return InsecureServerCredentials.create();
        }
        try {
            TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
                    .keyManager(builder.certChain.toFile(), builder.privateKey.toFile());
            if (builder.clientRootCerts != null) {
                tls.trustManager(builder.clientRootCerts.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return tls.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    private static String version() {
        String v = KServeServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Builds a {@link KServeServer}; each default is a constant of {@link KServeServer}. */
    public static final class Builder {
        private InferenceBackend backend;
        private int port = DEFAULT_PORT;
        private String host = DEFAULT_HOST;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private boolean explicitModelControl;
        private boolean allowClientSharedMemory;
        private Path sharedMemoryRoot = DEFAULT_SHARED_MEMORY_ROOT;
        private Path certChain;
        private Path privateKey;
        private Path clientRootCerts;
        private Duration keepAliveTime;
        private Duration keepAliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;
        private boolean keepAlivePermitWithoutCalls;
        private Duration keepAliveMinClientInterval = DEFAULT_KEEPALIVE_MIN_CLIENT_INTERVAL;
        private Duration maxConnectionAge;

        private Builder() {}

        /**
         * Triton's {@code --model-control-mode=explicit}: RepositoryModelLoad and Unload are
         * allowed (the backend must implement {@link ModelRepositoryControl}). Default false, as
         * Triton's default mode, where they answer UNAVAILABLE.
         */
        public Builder explicitModelControl(boolean explicit) {
            this.explicitModelControl = explicit;
            return this;
        }

        /**
         * Triton's {@code --allow-client-shm}: lets clients register system shared-memory regions.
         * Default false, as Triton's, where registering answers UNIMPLEMENTED.
         */
        public Builder allowClientSharedMemory(boolean allow) {
            this.allowClientSharedMemory = allow;
            return this;
        }

        /** Where shared-memory keys are looked up; default {@code /dev/shm}. */
        public Builder sharedMemoryRoot(Path root) {
            this.sharedMemoryRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Serves TLS with this PEM certificate chain and PKCS#8 PEM private key (Triton's {@code --grpc-server-cert/-key}). */
        public Builder tls(Path certChain, Path privateKey) {
            this.certChain = Objects.requireNonNull(certChain, "certChain");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** Requires client certificates signed by these PEM roots (Triton's {@code --grpc-use-ssl-mutual --grpc-root-cert}); needs {@link #tls}. */
        public Builder mutualTls(Path clientRootCerts) {
            this.clientRootCerts = Objects.requireNonNull(clientRootCerts, "clientRootCerts");
            return this;
        }

        /**
         * Server keepalive pings (Triton's {@code --grpc-keepalive-time} and {@code -timeout}); off
         * by default, as Triton's (whose default time is 2 hours).
         */
        public Builder keepAlive(Duration time, Duration timeout) {
            this.keepAliveTime = positive(time, "keepalive time");
            this.keepAliveTimeout = positive(timeout, "keepalive timeout");
            return this;
        }

        /** Whether clients may ping with no call open (Triton's {@code --grpc-keepalive-permit-without-calls}); default false. */
        public Builder keepAlivePermitWithoutCalls(boolean permit) {
            this.keepAlivePermitWithoutCalls = permit;
            return this;
        }

        /** The shortest client ping interval tolerated; default {@link #DEFAULT_KEEPALIVE_MIN_CLIENT_INTERVAL}. */
        public Builder keepAliveMinClientInterval(Duration interval) {
            this.keepAliveMinClientInterval = positive(interval, "keepalive minimum client interval");
            return this;
        }

        /** Closes connections older than this (Triton's {@code --grpc-max-connection-age}); default none. */
        public Builder maxConnectionAge(Duration age) {
            this.maxConnectionAge = positive(age, "max connection age");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        /** The backend to serve; not closed by the server. */
        public Builder backend(InferenceBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** TCP port, 0 for any free port; default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Interface address to listen on; default {@value #DEFAULT_HOST}, {@code "0.0.0.0"} for every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Largest accepted request in bytes; default {@link #DEFAULT_MAX_MESSAGE_BYTES}. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be >= 1024, got " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** @throws IllegalStateException if no backend was given */
        public KServeServer build() {
            if (backend == null) {
                throw new IllegalStateException("backend(...) is required");
            }
            if (clientRootCerts != null && certChain == null) {
                throw new IllegalStateException("mutualTls(...) needs tls(...)");
            }
            return new KServeServer(this);
        }
    }
}
