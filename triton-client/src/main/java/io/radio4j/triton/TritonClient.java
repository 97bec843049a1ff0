package io.radio4j.triton;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.radio4j.triton.internal.ChannelFactory;
import io.radio4j.triton.internal.ConfigMapper;
import io.radio4j.triton.internal.ExceptionMapper;
import io.radio4j.triton.internal.ReconnectBackoffCap;
import io.radio4j.triton.internal.StreamCall;
import io.radio4j.triton.internal.UnaryInfer;
import io.radio4j.triton.internal.WireMapper;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelConfigRequest;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelMetadataRequest;
import io.radio4j.triton.protocol.ModelReadyRequest;
import io.radio4j.triton.protocol.ModelRepositoryParameter;
import io.radio4j.triton.protocol.ModelStatisticsRequest;
import io.radio4j.triton.protocol.RepositoryIndexRequest;
import io.radio4j.triton.protocol.RepositoryIndexResponse;
import io.radio4j.triton.protocol.RepositoryModelLoadRequest;
import io.radio4j.triton.protocol.RepositoryModelUnloadRequest;
import io.radio4j.triton.protocol.ServerLiveRequest;
import io.radio4j.triton.protocol.ServerMetadataRequest;
import io.radio4j.triton.protocol.ServerMetadataResponse;
import io.radio4j.triton.protocol.ServerReadyRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A client of one Triton Inference Server (or any KServe v2 gRPC server), or of several replicas
 * with client-side round robin.
 *
 * <p>Create one with {@link #builder()} and share it: it is thread-safe, and each instance owns a
 * connection pool, so creating one per request wastes connections. Close it when done.
 *
 * <pre>{@code
 * try (TritonClient triton = TritonClient.builder().target("localhost:8001").build()) {
 *   InferResult result = triton.infer(InferRequest.builder()
 *       .modelName("radio_clip_vision")
 *       .input(InferInput.ofUint8("image", new long[] {1, 224, 224, 3}, pixels))
 *       .build());
 *   float[] embedding = result.output("embedding").asFloats();
 * }
 * }</pre>
 *
 * <p>Failure contract: every method throws {@link TritonException} (never a raw gRPC exception).
 * Each unary call carries a deadline (the request's own, else {@link Builder#defaultDeadline}); when
 * it passes the call fails with DEADLINE_EXCEEDED, and the server may or may not have run it.
 * UNAVAILABLE means the server could not be reached or refused to take work; idempotent calls
 * are retried on it as the {@link RetryPolicy} says.
 */
public final class TritonClient implements AutoCloseable {

    /** Default largest accepted response: 256 MiB (gRPC's own default, 4 MiB, is below one batch of 8 FP32 224² images). */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 256 * 1024 * 1024;

    /** Default deadline of unary calls: 30 s. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /**
     * Default of {@link Builder#maxReconnectBackoff}: 3 s, so a server that comes back is used again
     * within a few seconds even after a long outage (gRPC's own cap is 120 s).
     */
    public static final Duration DEFAULT_MAX_RECONNECT_BACKOFF = Duration.ofSeconds(3);

    /** Default keepalive ping timeout when keepalive is on: 20 s (as tritonclient). */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

    /** How long {@link #close()} waits for calls in flight before cancelling them: 5 s. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final Duration defaultDeadline;
    private final Map<String, String> headers;
    private final int maxOutboundMessageSize;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blockingStub;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub asyncStub;

    private TritonClient(Builder builder, ManagedChannel channel, boolean ownsChannel) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.defaultDeadline = builder.defaultDeadline;
        this.headers = Map.copyOf(builder.headers);
        this.maxOutboundMessageSize = builder.maxOutboundMessageSize;
        this.blockingStub = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withMaxInboundMessageSize(builder.maxInboundMessageSize);
        this.asyncStub =
                GRPCInferenceServiceGrpc.newStub(channel).withMaxInboundMessageSize(builder.maxInboundMessageSize);
    }

    /** A builder; {@link Builder#target}, {@link Builder#targets} or {@link Builder#channel} is required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- health ----

    /** Whether the server is live. @throws TritonException if it cannot be asked */
    public boolean isServerLive() {
        return call(
                null,
                null,
                s -> s.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    /** Whether the server is ready for inference. @throws TritonException if it cannot be asked */
    public boolean isServerReady() {
        return call(
                null,
                null,
                s -> s.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    /**
     * Whether the server's chosen version of a model is ready.
     *
     * @throws TritonException NOT_FOUND if Triton does not know the model: Triton's ModelReady looks
     *     the model up before asking whether it is ready (server {@code grpc_server.cc}
     *     {@code OnExecuteModelReady} → core {@code TRITONSERVER_ServerModelIsReady} →
     *     {@code GetModel}), so an unknown model is an error, not {@code false}
     */
    public boolean isModelReady(String modelName) {
        return isModelReady(modelName, "");
    }

    /** Whether a version of a model is ready. @throws TritonException NOT_FOUND for an unknown model */
    public boolean isModelReady(String modelName, String version) {
        return modelCall(
                modelName,
                version,
                (s, v) -> s.modelReady(ModelReadyRequest.newBuilder()
                                .setName(modelName)
                                .setVersion(v)
                                .build())
                        .getReady());
    }

    // ---- metadata ----

    /** Server name, version and extensions. @throws TritonException on failure */
    public ServerMetadata serverMetadata() {
        ServerMetadataResponse response =
                call(null, null, s -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
        return new ServerMetadata(response.getName(), response.getVersion(), response.getExtensionsList());
    }

    /** Metadata of the server's chosen version. @throws TritonException NOT_FOUND for an unknown model */
    public ModelMetadata modelMetadata(String modelName) {
        return modelMetadata(modelName, "");
    }

    /** Metadata of one version. @throws TritonException NOT_FOUND for an unknown model or version */
    public ModelMetadata modelMetadata(String modelName, String version) {
        return modelCall(
                modelName,
                version,
                (s, v) -> WireMapper.fromProto(s.modelMetadata(ModelMetadataRequest.newBuilder()
                        .setName(modelName)
                        .setVersion(v)
                        .build())));
    }

    /**
     * The model's configuration (config.pbtxt as the server completed it). For message fields
     * {@link ModelConfiguration} does not carry, call the generated stub (see its javadoc).
     *
     * @throws TritonException on failure
     */
    public ModelConfiguration modelConfig(String modelName) {
        return modelConfig(modelName, "");
    }

    /** The configuration of one version. @throws TritonException on failure */
    public ModelConfiguration modelConfig(String modelName, String version) {
        return modelCall(
                modelName,
                version,
                (s, v) -> ConfigMapper.fromProto(s.modelConfig(ModelConfigRequest.newBuilder()
                                .setName(modelName)
                                .setVersion(v)
                                .build())
                        .getConfig()));
    }

    /**
     * Metadata and {@code max_batch_size} of a model, ready to shape and check requests.
     *
     * @throws TritonException on failure of either call
     */
    public ModelSchema modelSchema(String modelName, String version) {
        ModelMetadata metadata = modelMetadata(modelName, version);
        ModelConfiguration config = modelConfig(modelName, version);
        return ModelSchema.of(metadata, config.maxBatchSize(), orEmpty(version));
    }

    /** {@link #modelSchema(String, String)} for the server's chosen version. */
    public ModelSchema modelSchema(String modelName) {
        return modelSchema(modelName, "");
    }

    /** Cumulative statistics of every model. @throws TritonException on failure */
    public List<ModelStatistics> modelStatistics() {
        return modelStatistics("", "");
    }

    /**
     * Cumulative statistics of a model ({@code ""} for every model) and version ({@code ""} for all).
     *
     * @throws TritonException on failure
     */
    public List<ModelStatistics> modelStatistics(String modelName, String version) {
        String model = orEmpty(modelName);
        return call(
                model.isEmpty() ? null : model,
                version,
                s -> s
                        .modelStatistics(ModelStatisticsRequest.newBuilder()
                                .setName(model)
                                .setVersion(orEmpty(version))
                                .build())
                        .getModelStatsList()
                        .stream()
                        .map(ConfigMapper::fromProto)
                        .toList());
    }

    // ---- repository ----

    /** Every model in the repository, loaded or not. @throws TritonException on failure */
    public List<RepositoryModel> repositoryIndex() {
        return repositoryIndex(false);
    }

    /** The repository index; {@code readyOnly} keeps only models ready for inference. @throws TritonException on failure */
    public List<RepositoryModel> repositoryIndex(boolean readyOnly) {
        RepositoryIndexResponse response = call(
                null,
                null,
                s -> s.repositoryIndex(
                        RepositoryIndexRequest.newBuilder().setReady(readyOnly).build()));
        List<RepositoryModel> models = new ArrayList<>();
        for (RepositoryIndexResponse.ModelIndex index : response.getModelsList()) {
            models.add(new RepositoryModel(index.getName(), index.getVersion(), index.getState(), index.getReason()));
        }
        return models;
    }

    /**
     * Loads or reloads a model from the repository. Triton needs {@code --model-control-mode=explicit};
     * otherwise it answers UNAVAILABLE. Not retried.
     *
     * @throws TritonException on failure
     */
    public void loadModel(String modelName) {
        loadModel(modelName, null, Map.of());
    }

    /**
     * Loads a model with an override configuration (JSON, as Triton's {@code config} parameter) and
     * files keyed {@code "<version>/<name>"} (sent as {@code file:<version>/<name>}).
     *
     * @param configJson the model configuration as JSON, or null to use the repository's
     * @param files model files to use instead of the repository's; may be empty
     * @throws TritonException on failure
     */
    public void loadModel(String modelName, String configJson, Map<String, byte[]> files) {
        requireName(modelName);
        RepositoryModelLoadRequest.Builder request =
                RepositoryModelLoadRequest.newBuilder().setModelName(modelName);
        if (configJson != null) {
            request.putParameters(
                    "config",
                    ModelRepositoryParameter.newBuilder()
                            .setStringParam(configJson)
                            .build());
        }
        files.forEach((path, content) -> request.putParameters(
                "file:" + path,
                ModelRepositoryParameter.newBuilder()
                        .setBytesParam(ByteString.copyFrom(content))
                        .build()));
        call(modelName, null, s -> s.repositoryModelLoad(request.build()));
    }

    /** Unloads a model. @throws TritonException on failure */
    public void unloadModel(String modelName) {
        unloadModel(modelName, false);
    }

    /** Unloads a model, and with {@code unloadDependents} the ensembles using it. @throws TritonException on failure */
    public void unloadModel(String modelName, boolean unloadDependents) {
        requireName(modelName);
        RepositoryModelUnloadRequest.Builder request =
                RepositoryModelUnloadRequest.newBuilder().setModelName(modelName);
        if (unloadDependents) {
            request.putParameters(
                    "unload_dependents",
                    ModelRepositoryParameter.newBuilder().setBoolParam(true).build());
        }
        call(modelName, null, s -> s.repositoryModelUnload(request.build()));
    }

    // ---- inference ----

    /**
     * Runs one inference and waits for the result.
     *
     * @throws TritonException with the server's code and message on failure (INVALID_ARGUMENT for a
     *     request the model rejects, NOT_FOUND for an unknown model, DEADLINE_EXCEEDED, UNAVAILABLE,
     *     RESOURCE_EXHAUSTED when a message exceeds a size limit, CANCELLED if the thread is interrupted)
     */
    public InferResult infer(InferRequest request) {
        requireRequest(request);
        ModelInferRequest message = toSizedProto(request);
        try {
            return WireMapper.fromProto(
                    configure(blockingStub, request.deadline(), request.headers(), request.compression())
                            .modelInfer(message));
        } catch (RuntimeException e) {
            throw mapped(e, request);
        }
    }

    /**
     * Starts one inference and returns at once. The future completes with the result, or
     * exceptionally with a {@link TritonException}. Cancelling the future cancels the gRPC call
     * (Triton then drops the request if it has not run yet). Callbacks run on gRPC's executor.
     */
    public CompletableFuture<InferResult> inferAsync(InferRequest request) {
        requireRequest(request);
        return UnaryInfer.start(
                configure(asyncStub, request.deadline(), request.headers(), request.compression()),
                toSizedProto(request),
                request.modelName(),
                request.modelVersion());
    }

    /**
     * Opens a bidirectional stream without a deadline and with the client's headers. See
     * {@link #openStream(Map, Duration, InferStreamListener)}.
     */
    public InferStream openStream(InferStreamListener listener) {
        return openStream(Map.of(), null, listener);
    }

    /**
     * Opens a bidirectional inference stream ({@code ModelStreamInfer}), the way to talk to decoupled
     * models and to pipeline many requests on one call. Per-request errors reach
     * {@link InferStreamListener#onError} and the stream stays open; a transport failure ends it with
     * {@link InferStreamListener#onFailure}. Streams are never retried. A request's compression
     * applies to its message; a request's deadline (which needs a request id) is enforced per
     * request, reported as a DEADLINE_EXCEEDED error for that id; headers belong to the stream, so a
     * request with other headers is refused by {@link InferStream#send}.
     *
     * @param headers extra metadata for the whole stream, added to the client's
     * @param deadline deadline of the whole stream, or null for none
     * @param listener receives responses
     */
    public InferStream openStream(Map<String, String> headers, Duration deadline, InferStreamListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("stream listener is null");
        }
        GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub =
                asyncStub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(headers)));
        if (deadline != null) {
            stub = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        Map<String, String> all = new LinkedHashMap<>(this.headers);
        all.putAll(headers);
        return StreamCall.open(stub, listener, maxOutboundMessageSize, all);
    }

    /**
     * Shuts the channel down if this client created it, waiting up to {@link #CLOSE_GRACE} for calls in
     * flight, then cancelling them. A channel passed to {@link Builder#channel} is left open.
     */
    @Override
    public void close() {
        if (!ownsChannel) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- plumbing ----

    /**
     * A call about one model version: the name is checked, and {@code rpc} gets the stub and the
     * version as the wire carries it ({@code ""} for the server's choice).
     */
    private <T> T modelCall(
            String modelName,
            String version,
            BiFunction<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub, String, T> rpc) {
        requireName(modelName);
        return call(modelName, version, s -> rpc.apply(s, orEmpty(version)));
    }

    private <T> T call(
            String model, String version, Function<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub, T> rpc) {
        try {
            return rpc.apply(configure(blockingStub, null, Map.of(), Compression.NONE));
        } catch (RuntimeException e) {
            throw ExceptionMapper.map(e, model, version);
        }
    }

    private <S extends AbstractStub<S>> S configure(
            S stub, Duration deadline, Map<String, String> extraHeaders, Compression compression) {
        Duration effective = deadline != null ? deadline : defaultDeadline;
        S configured = stub.withDeadlineAfter(effective.toNanos(), TimeUnit.NANOSECONDS);
        if (!headers.isEmpty() || !extraHeaders.isEmpty()) {
            configured = configured.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(extraHeaders)));
        }
        if (compression.grpcName() != null) {
            configured = configured.withCompression(compression.grpcName());
        }
        return configured;
    }

    private Metadata metadata(Map<String, String> extraHeaders) {
        Metadata metadata = new Metadata();
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extraHeaders);
        all.forEach((key, value) -> metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
        return metadata;
    }

    /**
     * The wire message, refused when larger than the outbound limit. Checked here rather than with
     * gRPC's per-call outbound limit, because a blocking call over that limit was seen to hang in
     * grpc-java instead of failing.
     */
    private ModelInferRequest toSizedProto(InferRequest request) {
        ModelInferRequest message = WireMapper.toProto(request);
        int size = message.getSerializedSize();
        if (size > maxOutboundMessageSize || size < 0) {
            throw new TritonException(
                    io.grpc.Status.Code.RESOURCE_EXHAUSTED,
                    request.modelName(),
                    request.modelVersion(),
                    "request of " + Integer.toUnsignedString(size) + " bytes exceeds maxOutboundMessageSize "
                            + maxOutboundMessageSize + "; send fewer items per request",
                    true,
                    null);
        }
        return message;
    }

    private static TritonException mapped(RuntimeException e, InferRequest request) {
        if (e instanceof IllegalArgumentException malformed) {
            return new TritonException(
                    io.grpc.Status.Code.INTERNAL,
                    request.modelName(),
                    request.modelVersion(),
                    "malformed response: " + malformed.getMessage(),
                    false,
                    malformed);
        }
        return ExceptionMapper.map(e, request.modelName(), request.modelVersion());
    }

    private static void requireRequest(InferRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request is null");
        }
    }

    private static void requireName(String modelName) {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("model name is blank");
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /**
     * Builder of {@link TritonClient}; not thread-safe. Defaults: {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE},
     * no outbound limit beyond gRPC's 2 GiB, {@link #DEFAULT_DEADLINE}, {@link RetryPolicy#DEFAULT},
     * plaintext, keepalive off, no headers.
     */
    public static final class Builder {
        private final List<String> targets = new ArrayList<>();
        private ManagedChannel channel;
        private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
        private int maxOutboundMessageSize = Integer.MAX_VALUE;
        private Duration defaultDeadline = DEFAULT_DEADLINE;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean tls;
        private Path trustCertificates;
        private Path clientCertificateChain;
        private Path clientPrivateKey;
        private String authority;
        private Duration keepAliveTime;
        private Duration keepAliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;
        private boolean keepAliveWithoutCalls;
        private Duration maxReconnectBackoff = DEFAULT_MAX_RECONNECT_BACKOFF;

        private Builder() {}

        /**
         * One server: {@code host:port} (Triton's gRPC port is 8001) or any gRPC target URI, e.g.
         * {@code dns:///triton.example:8001}, whose addresses are balanced round robin.
         */
        public Builder target(String target) {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("target is blank");
            }
            targets.clear();
            targets.add(target);
            return this;
        }

        /** Several replicas as {@code host:port}; calls are spread round robin over those that are up. */
        public Builder targets(List<String> replicas) {
            if (replicas == null || replicas.isEmpty()) {
                throw new IllegalArgumentException("replica list is empty");
            }
            targets.clear();
            targets.addAll(replicas);
            return this;
        }

        /**
         * Uses a channel the caller built and owns (e.g. an in-process channel, or one with custom
         * interceptors). The client never shuts it down, because other code may share it and its
         * lifetime is the caller's; TLS, keepalive, retry and inbound-size settings of this builder do not
         * apply to it (deadlines and headers do).
         */
        public Builder channel(ManagedChannel channel) {
            this.channel = channel;
            return this;
        }

        /** Largest response accepted, in bytes; default {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE}. */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundMessageSize must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /** Largest request sent, in bytes; larger ones fail with RESOURCE_EXHAUSTED. Default: no limit below 2 GiB. */
        public Builder maxOutboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxOutboundMessageSize must be positive, got " + bytes);
            }
            this.maxOutboundMessageSize = bytes;
            return this;
        }

        /** Deadline of calls whose request sets none; default {@link #DEFAULT_DEADLINE}. */
        public Builder defaultDeadline(Duration deadline) {
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("default deadline must be positive, got " + deadline);
            }
            this.defaultDeadline = deadline;
            return this;
        }

        /** Retries on UNAVAILABLE; default {@link RetryPolicy#DEFAULT}, {@link RetryPolicy#NONE} to turn off. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            if (retryPolicy == null) {
                throw new IllegalArgumentException("retry policy is null; use RetryPolicy.NONE");
            }
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** A header sent with every call, e.g. {@code authorization}. */
        public Builder header(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("header key and value must be non-null, key non-blank");
            }
            headers.put(key, value);
            return this;
        }

        /** TLS with the JDK's trusted CAs. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** TLS trusting the CA certificates of a PEM file. */
        public Builder tls(Path trustedCertificatesPem) {
            this.tls = true;
            this.trustCertificates = trustedCertificatesPem;
            return this;
        }

        /** Mutual TLS: this client's PEM certificate chain and PKCS#8 PEM private key. Implies TLS. */
        public Builder clientCertificate(Path certificateChainPem, Path privateKeyPem) {
            if (certificateChainPem == null || privateKeyPem == null) {
                throw new IllegalArgumentException("client certificate and key are both required");
            }
            this.tls = true;
            this.clientCertificateChain = certificateChainPem;
            this.clientPrivateKey = privateKeyPem;
            return this;
        }

        /** Overrides the authority (and TLS host name) the channel presents. */
        public Builder authority(String authority) {
            this.authority = authority;
            return this;
        }

        /**
         * Turns on HTTP/2 keepalive pings every {@code time}, failing the connection when one is not
         * acknowledged within {@code timeout}. Triton's default server policy rejects pings more often
         * than every 5 minutes unless configured with {@code --grpc-keepalive-*}; keep {@code time} at
         * or above what the server permits.
         */
        public Builder keepAlive(Duration time, Duration timeout, boolean withoutCalls) {
            if (time == null
                    || timeout == null
                    || time.isNegative()
                    || time.isZero()
                    || timeout.isNegative()
                    || timeout.isZero()) {
                throw new IllegalArgumentException("keepalive time and timeout must be positive");
            }
            this.keepAliveTime = time;
            this.keepAliveTimeout = timeout;
            this.keepAliveWithoutCalls = withoutCalls;
            return this;
        }

        /**
         * Longest wait between attempts to reconnect to a server that is down, for a channel this client
         * creates; default {@link #DEFAULT_MAX_RECONNECT_BACKOFF}. gRPC's back-off starts again from 1 s
         * after each successful connection.
         */
        public Builder maxReconnectBackoff(Duration maxReconnectBackoff) {
            if (maxReconnectBackoff == null || maxReconnectBackoff.isNegative() || maxReconnectBackoff.isZero()) {
                throw new IllegalArgumentException(
                        "max reconnect back-off must be positive, got " + maxReconnectBackoff);
            }
            this.maxReconnectBackoff = maxReconnectBackoff;
            return this;
        }

        /**
         * The client, with its own channel unless one was given.
         *
         * @throws IllegalArgumentException if neither targets nor a channel were given, or both
         * @throws java.io.UncheckedIOException if a TLS file cannot be read
         */
        public TritonClient build() {
            if (channel != null && !targets.isEmpty()) {
                throw new IllegalArgumentException("give either target(s) or a channel, not both");
            }
            if (channel != null) {
                return new TritonClient(this, channel, false);
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(
                        "no target: call target(\"host:8001\"), targets(...) or channel(...)");
            }
            ManagedChannel owned = ChannelFactory.create(new ChannelFactory.Settings(
                    targets,
                    tls,
                    trustCertificates,
                    clientCertificateChain,
                    clientPrivateKey,
                    authority,
                    maxInboundMessageSize,
                    keepAliveTime,
                    keepAliveTimeout,
                    keepAliveWithoutCalls,
                    retryPolicy));
            ReconnectBackoffCap.install(owned, maxReconnectBackoff);
            return new TritonClient(this, owned, true);
        }
    }
}
