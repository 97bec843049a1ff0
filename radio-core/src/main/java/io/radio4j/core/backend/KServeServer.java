package io.radio4j.core.backend;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.radio4j.core.backend.internal.KServeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Serves an {@link InferenceBackend} (typically the embedded {@link OnnxBackend}) over the KServe v2
 * gRPC protocol that Triton speaks, so Triton's tools (perf_analyzer, Python {@code tritonclient})
 * and this project's {@code TritonClient} can use a CPU-only machine as if it ran Triton.
 *
 * <p>Implemented RPCs: ServerLive, ServerReady, ModelReady, ServerMetadata, ModelMetadata,
 * ModelConfig, ModelStatistics (which perf_analyzer needs), ModelInfer, ModelStreamInfer.
 * Repository control, shared memory, trace and log settings answer UNIMPLEMENTED. Plaintext only
 * (no TLS): put a proxy in front for that.
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

    private static final Logger LOG = LoggerFactory.getLogger(KServeServer.class);

    private final Server server;
    private final InferenceBackend backend;

    private KServeServer(Builder builder) {
        this.backend = builder.backend;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(builder.host, builder.port), InsecureServerCredentials.create())
                .maxInboundMessageSize(builder.maxMessageBytes)
                .addService(new KServeService(builder.backend, version()))
                .build();
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
            throw new UncheckedIOException("cannot serve KServe v2 on port " + server.getPort() + ": " + e.getMessage(), e);
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

        private Builder() {}

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
            return new KServeServer(this);
        }
    }
}
