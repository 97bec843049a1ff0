package io.radio4j.core.backend.internal;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.ModelIndexEntry;
import io.radio4j.core.backend.ModelRepositoryControl;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.CudaSharedMemoryRegisterRequest;
import io.radio4j.triton.protocol.CudaSharedMemoryRegisterResponse;
import io.radio4j.triton.protocol.CudaSharedMemoryStatusRequest;
import io.radio4j.triton.protocol.CudaSharedMemoryStatusResponse;
import io.radio4j.triton.protocol.CudaSharedMemoryUnregisterRequest;
import io.radio4j.triton.protocol.CudaSharedMemoryUnregisterResponse;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.InferParameter;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelConfigRequest;
import io.radio4j.triton.protocol.ModelConfigResponse;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataRequest;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.radio4j.triton.protocol.ModelReadyRequest;
import io.radio4j.triton.protocol.ModelReadyResponse;
import io.radio4j.triton.protocol.ModelRepositoryParameter;
import io.radio4j.triton.protocol.ModelStatisticsRequest;
import io.radio4j.triton.protocol.ModelStatisticsResponse;
import io.radio4j.triton.protocol.ModelStreamInferResponse;
import io.radio4j.triton.protocol.RepositoryIndexRequest;
import io.radio4j.triton.protocol.RepositoryIndexResponse;
import io.radio4j.triton.protocol.RepositoryModelLoadRequest;
import io.radio4j.triton.protocol.RepositoryModelLoadResponse;
import io.radio4j.triton.protocol.RepositoryModelUnloadRequest;
import io.radio4j.triton.protocol.RepositoryModelUnloadResponse;
import io.radio4j.triton.protocol.ServerLiveRequest;
import io.radio4j.triton.protocol.ServerLiveResponse;
import io.radio4j.triton.protocol.ServerMetadataRequest;
import io.radio4j.triton.protocol.ServerMetadataResponse;
import io.radio4j.triton.protocol.ServerReadyRequest;
import io.radio4j.triton.protocol.ServerReadyResponse;
import io.radio4j.triton.protocol.SystemSharedMemoryRegisterRequest;
import io.radio4j.triton.protocol.SystemSharedMemoryRegisterResponse;
import io.radio4j.triton.protocol.SystemSharedMemoryStatusRequest;
import io.radio4j.triton.protocol.SystemSharedMemoryStatusResponse;
import io.radio4j.triton.protocol.SystemSharedMemoryUnregisterRequest;
import io.radio4j.triton.protocol.SystemSharedMemoryUnregisterResponse;
import io.radio4j.triton.server.KServeCodec;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Triton's {@code GRPCInferenceService} over any {@link InferenceBackend}, answering with Triton's
 * codes, texts and check order (server {@code src/grpc/grpc_server.cc}, {@code infer_handler.cc},
 * {@code stream_infer_handler.cc}; core {@code src/infer_request.cc} and friends, cited where each
 * rule is applied). Repository control needs a backend that is a {@link ModelRepositoryControl};
 * trace and log settings answer UNIMPLEMENTED.
 */
public final class KServeService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    /** The name reported by ServerMetadata. */
    public static final String SERVER_NAME = "radio4j-embedded";

    /**
     * The extensions reported by ServerMetadata: Triton's list (core {@code src/server.cc}
     * {@code InferenceServer::InferenceServer}) less those this server does not implement
     * ({@code sequence}, {@code binary_tensor_data} which is HTTP's, {@code trace}, {@code logging}).
     */
    public static final List<String> EXTENSIONS = List.of(
            "classification",
            "model_repository",
            "model_repository(unload_dependents)",
            "schedule_policy",
            "model_configuration",
            "system_shared_memory",
            "cuda_shared_memory",
            "parameters",
            "statistics");

    /** Triton's text when client shared memory is off (server {@code src/common.h} kClientShmDisabledErrorStr). */
    static final String SHM_DISABLED =
            "Client shared memory is disabled. Start the server with '--allow-client-shm=true' to enable.";

    /**
     * Set by {@link #headerInterceptor()} when a call carries {@code triton_grpc_error: true}
     * (server {@code grpc/infer_handler.h} {@code ExtractStateFromHeaders}).
     */
    static final io.grpc.Context.Key<Boolean> GRPC_ERROR_MODE = io.grpc.Context.key("triton_grpc_error");

    private static final io.grpc.Metadata.Key<String> GRPC_ERROR_HEADER =
            io.grpc.Metadata.Key.of("triton_grpc_error", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    /** Reads Triton's {@code triton_grpc_error} header into the call's context; install it on the server. */
    public static io.grpc.ServerInterceptor headerInterceptor() {
        return new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                boolean on = "true".equals(headers.get(GRPC_ERROR_HEADER));
                return io.grpc.Contexts.interceptCall(
                        io.grpc.Context.current().withValue(GRPC_ERROR_MODE, on), call, headers, next);
            }
        };
    }

    /** How the service behaves beyond the backend. */
    public record Options(boolean explicitModelControl, boolean allowClientSharedMemory, Path sharedMemoryRoot) {}

    private final InferenceBackend backend;
    private final String version;
    private final Options options;
    private final SharedMemoryRegions shm;
    /** The last configuration message of each model, with the value it came from. */
    private final Map<String, Map.Entry<ModelConfiguration, ModelConfig>> messages =
            new java.util.concurrent.ConcurrentHashMap<>();

    public KServeService(InferenceBackend backend, String version, Options options) {
        this.backend = backend;
        this.version = version;
        this.options = options;
        this.shm = new SharedMemoryRegions(options.sharedMemoryRoot());
    }

    /** Plain service: no repository control, client shared memory off, as Triton's defaults. */
    public KServeService(InferenceBackend backend, String version) {
        this(backend, version, new Options(false, false, Path.of("/dev/shm")));
    }

    // ---------------------------------------------------------------- health and metadata

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        unary(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        unary(
                out,
                () -> ServerReadyResponse.newBuilder()
                        .setReady(backend.isReady())
                        .build());
    }

    /**
     * Server {@code OnExecuteModelReady}: the version string is parsed first, then the model is
     * looked up ({@code TRITONSERVER_ServerModelIsReady} calls {@code GetModel}, so an unknown
     * model is NOT_FOUND "Request for unknown model: 'x' is not found", not {@code ready: false}).
     */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        unary(out, () -> {
            lookup(request.getName(), TritonRequests.parseVersion(request.getVersion()));
            return ModelReadyResponse.newBuilder().setReady(true).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        unary(
                out,
                () -> ServerMetadataResponse.newBuilder()
                        .setName(SERVER_NAME)
                        .setVersion(version)
                        .addAllExtensions(EXTENSIONS)
                        .build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        unary(out, () -> {
            lookup(request.getName(), TritonRequests.parseVersion(request.getVersion()));
            return KServeCodec.metadata(backend.modelMetadata(request.getName()));
        });
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
        unary(
                out,
                () -> ModelConfigResponse.newBuilder()
                        .setConfig(ModelConfigs.withTritonDefaults(
                                lookup(request.getName(), TritonRequests.parseVersion(request.getVersion()))))
                        .build());
    }

    /** Core {@code TRITONSERVER_ServerModelStatistics}: every ready model, or one model's ready versions. */
    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
        unary(out, () -> {
            long wanted = TritonRequests.parseVersion(request.getVersion());
            String name = request.getName();
            if (!name.isEmpty() && !backend.isModelReady(name)) {
                throw TritonError.invalid("requested model '" + name + "' is not available");
            }
            // Core ModelReadyVersions keeps models in a std::map: by name.
            List<ModelStatistics> stats = backend.modelStatistics(name).stream()
                    .sorted(java.util.Comparator.comparing(ModelStatistics::name))
                    .toList();
            if (wanted != -1) {
                stats = stats.stream()
                        .filter(s -> s.version().equals(String.valueOf(wanted)))
                        .toList();
                if (stats.isEmpty()) {
                    throw TritonError.invalid("requested model version is not available for model '" + name + "'");
                }
            }
            return ModelStatisticsResponse.newBuilder()
                    .addAllModelStats(
                            stats.stream().map(KServeCodec::statistics).toList())
                    .build();
        });
    }

    /**
     * Finds a ready model version as core {@code ModelLifeCycle::GetModel} does (prefixed by
     * {@code ModelRepositoryManager::GetModel}), and returns its configuration.
     */
    ModelConfig lookup(String name, long version) {
        if (!backend.isReady()) {
            // core server.h InferenceServer::GetModel while the server is not ready (closing).
            throw TritonError.unavailable("Server not ready");
        }
        if (backend.isModelReady(name)) {
            ModelMetadata metadata;
            ModelConfig config;
            try {
                metadata = backend.modelMetadata(name);
                config = message(name, backend.modelConfig(name));
            } catch (BackendException e) {
                return lookupNotReady(name, version);
            }
            if (version == -1 || metadata.versions().contains(String.valueOf(version))) {
                return config;
            }
            throw TritonError.notFound(
                    "Request for unknown model: '" + name + "' version " + version + " is not found");
        }
        return lookupNotReady(name, version);
    }

    /**
     * The configuration as the message the RPCs need, mapped again only when the backend hands out
     * another value (after a reload): a backend that keeps its value (the embedded one does) is not
     * mapped on every request.
     */
    private ModelConfig message(String name, ModelConfiguration configuration) {
        Map.Entry<ModelConfiguration, ModelConfig> last = messages.get(name);
        if (last != null && last.getKey() == configuration) {
            return last.getValue();
        }
        ModelConfig message = KServeCodec.config(configuration);
        messages.put(name, Map.entry(configuration, message));
        return message;
    }

    private ModelConfig lookupNotReady(String name, long version) {
        Optional<ModelIndexEntry> state = backend instanceof ModelRepositoryControl control
                ? control.repositoryIndex().stream()
                        .filter(e -> e.name().equals(name) && !e.version().isEmpty())
                        .findFirst()
                : Optional.empty();
        if (state.isEmpty()) {
            throw TritonError.notFound("Request for unknown model: '" + name + "' is not found");
        }
        if (version == -1) {
            throw TritonError.notFound("Request for unknown model: '" + name + "' has no available versions");
        }
        if (state.get().version().equals(String.valueOf(version))) {
            throw TritonError.unavailable(
                    "Request for unknown model: '" + name + "' version " + version + " is not at ready state");
        }
        throw TritonError.notFound("Request for unknown model: '" + name + "' version " + version + " is not found");
    }

    // ---------------------------------------------------------------- inference

    /** Checks a request in Triton's order (server {@code ModelInferHandler::Execute}). */
    private TritonRequests.Parsed check(ModelInferRequest request) {
        long wanted = TritonRequests.parseVersion(request.getModelVersion());
        ModelConfig config = lookup(request.getModelName(), wanted);
        return TritonRequests.parse(request, config, shm);
    }

    private CompletableFuture<ModelInferResponse> run(TritonRequests.Parsed parsed) {
        return backend.infer(parsed.request()).thenApply(result -> respond(result, parsed.outputs()));
    }

    private ModelInferResponse respond(InferResult result, TritonRequests.OutputPlan plan) {
        ModelInferResponse response = KServeCodec.response(result);
        if (plan.sharedMemory().isEmpty() && plan.classification().isEmpty()) {
            return response;
        }
        ModelInferResponse.Builder b = response.toBuilder();
        for (int i = 0; i < b.getOutputsCount(); i++) {
            String name = b.getOutputs(i).getName();
            var region = plan.sharedMemory().get(name);
            Integer classes = plan.classification().get(name);
            if (region != null) {
                ByteString bytes = b.getRawOutputContents(i);
                if (bytes.size() > region.remaining()) {
                    throw TritonError.internal("shared memory size specified with the request for output '" + name
                            + "' (" + region.remaining() + " bytes) should be at least " + bytes.size()
                            + " bytes to hold the results");
                }
                bytes.copyTo(region.duplicate());
                b.setRawOutputContents(i, ByteString.EMPTY);
            } else if (classes != null) {
                Classification.apply(
                        b,
                        i,
                        classes,
                        result.outputs().get(i),
                        labels(result.modelName(), name),
                        backend.modelConfig(result.modelName()).maxBatchSize() > 0);
            }
        }
        return b.build();
    }

    private List<String> labels(String model, String output) {
        try {
            ModelConfiguration config = backend.modelConfig(model);
            for (var o : config.outputs()) {
                if (o.name().equals(output) && !o.labelFilename().isEmpty()) {
                    return backend.modelFile(model, o.labelFilename())
                            .map(bytes ->
                                    List.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)))
                            .orElse(List.of());
                }
            }
        } catch (RuntimeException e) {
            // No labels: classes are reported without them.
        }
        return List.of();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        CompletableFuture<ModelInferResponse> response;
        try {
            response = run(check(request));
        } catch (RuntimeException e) {
            out.onError(TritonError.statusOf(e).asRuntimeException());
            return;
        }
        response.whenComplete((result, error) -> {
            if (error != null) {
                out.onError(TritonError.statusOf(error).asRuntimeException());
            } else {
                out.onNext(result);
                out.onCompleted();
            }
        });
    }

    /**
     * Each request is answered by one response, in the order the requests arrived (server
     * {@code stream_infer_handler.cc}: non-decoupled states are queued with
     * {@code EnqueueForResponse}). A request that fails before it runs gets {@code error_message}
     * and an {@code infer_response} holding only its id; one that fails while running also names
     * the model and version; every response that ran carries {@code triton_final_response: true}.
     * The stream stays open after errors, as Triton's does by default; opened with the header
     * {@code triton_grpc_error: true}, the first error of a request that ran ends the stream with
     * its gRPC status instead (server {@code StreamInferResponseComplete}, {@code WriteGRPCErrorResponse}).
     */
    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
        boolean grpcErrors = Boolean.TRUE.equals(GRPC_ERROR_MODE.get());
        return new StreamObserver<>() {
            /** One request's answer and, when it failed while running, its status. */
            record Pending(
                    CompletableFuture<ModelStreamInferResponse> answer,
                    java.util.concurrent.atomic.AtomicReference<io.grpc.Status> ranError) {}

            private final ArrayDeque<Pending> order = new ArrayDeque<>();
            private boolean inputDone;
            private boolean finished;

            @Override
            public void onNext(ModelInferRequest request) {
                var ranError = new java.util.concurrent.atomic.AtomicReference<io.grpc.Status>();
                CompletableFuture<ModelStreamInferResponse> answer;
                try {
                    answer = run(check(request)).handle((response, error) -> {
                        if (error == null) {
                            return ModelStreamInferResponse.newBuilder()
                                    .setInferResponse(finalFlag(response.toBuilder()))
                                    .build();
                        }
                        io.grpc.Status status = TritonError.statusOf(error);
                        ranError.set(status);
                        return ModelStreamInferResponse.newBuilder()
                                .setErrorMessage(String.valueOf(status.getDescription()))
                                .setInferResponse(finalFlag(ModelInferResponse.newBuilder()
                                        .setId(request.getId())
                                        .setModelName(request.getModelName())
                                        .setModelVersion(request.getModelVersion())))
                                .build();
                    });
                } catch (RuntimeException e) {
                    answer = CompletableFuture.completedFuture(ModelStreamInferResponse.newBuilder()
                            .setErrorMessage(
                                    String.valueOf(TritonError.statusOf(e).getDescription()))
                            .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId()))
                            .build());
                }
                synchronized (this) {
                    order.add(new Pending(answer, ranError));
                }
                answer.whenComplete((r, e) -> drain());
            }

            private void drain() {
                synchronized (this) {
                    while (!finished
                            && !order.isEmpty()
                            && order.peek().answer().isDone()) {
                        Pending head = order.poll();
                        if (grpcErrors && head.ranError().get() != null) {
                            finished = true;
                            order.clear();
                            out.onError(head.ranError().get().asRuntimeException());
                            return;
                        }
                        out.onNext(head.answer().join());
                    }
                    if (inputDone && order.isEmpty() && !finished) {
                        finished = true;
                        out.onCompleted();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; responses still in flight are dropped by gRPC.
                synchronized (this) {
                    finished = true;
                    order.clear();
                }
            }

            @Override
            public void onCompleted() {
                synchronized (this) {
                    inputDone = true;
                }
                drain();
            }
        };
    }

    private static ModelInferResponse finalFlag(ModelInferResponse.Builder response) {
        return response.putParameters(
                        "triton_final_response",
                        InferParameter.newBuilder().setBoolParam(true).build())
                .build();
    }

    // ---------------------------------------------------------------- repository control

    /** Server {@code OnExecuteRepositoryIndex} and core {@code ModelRepositoryManager::RepositoryIndex}. */
    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
        unary(out, () -> {
            if (!request.getRepositoryName().isEmpty()) {
                throw TritonError.unsupported("'repository_name' specification is not supported");
            }
            RepositoryIndexResponse.Builder b = RepositoryIndexResponse.newBuilder();
            for (ModelIndexEntry e : index()) {
                if (!request.getReady() || ModelIndexEntry.READY.equals(e.state())) {
                    b.addModelsBuilder()
                            .setName(e.name())
                            .setVersion(e.version())
                            .setState(e.state())
                            .setReason(e.reason());
                }
            }
            return b.build();
        });
    }

    private List<ModelIndexEntry> index() {
        if (backend instanceof ModelRepositoryControl control) {
            return control.repositoryIndex();
        }
        throw TritonError.unsupported("repository control is not supported by " + backend.description());
    }

    /**
     * Server {@code OnExecuteRepositoryModelLoad} (parameters), then core
     * {@code ModelRepositoryManager::LoadUnloadModel} (control mode, name, poll, load result).
     */
    @Override
    public void repositoryModelLoad(
            RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> out) {
        unary(out, () -> {
            if (!request.getRepositoryName().isEmpty()) {
                throw TritonError.unsupported("'repository_name' specification is not supported");
            }
            String override = null;
            for (Map.Entry<String, ModelRepositoryParameter> p :
                    request.getParametersMap().entrySet()) {
                if (p.getKey().equals("config")) {
                    if (p.getValue().getParameterChoiceCase()
                            != ModelRepositoryParameter.ParameterChoiceCase.STRING_PARAM) {
                        throw TritonError.invalid(
                                "invalid value type for load parameter '" + p.getKey() + "', expected string_param.");
                    }
                    try {
                        // Parsed here for Triton's text on a bad config; the backend takes the JSON itself.
                        ModelConfigs.fromJson(p.getValue().getStringParam());
                        override = p.getValue().getStringParam();
                    } catch (IllegalArgumentException e) {
                        throw TritonError.invalid("failed to load '" + request.getModelName() + "': " + e.getMessage());
                    }
                } else if (p.getKey().startsWith("file:")) {
                    if (p.getValue().getParameterChoiceCase()
                            != ModelRepositoryParameter.ParameterChoiceCase.BYTES_PARAM) {
                        throw TritonError.invalid(
                                "invalid value type for load parameter '" + p.getKey() + "', expected bytes_param.");
                    }
                    throw TritonError.unsupported("load parameter '" + p.getKey()
                            + "': model file overrides are not supported by " + SERVER_NAME);
                } else {
                    throw TritonError.invalid("unrecognized load parameter '" + p.getKey() + "'.");
                }
            }
            String name = checkControl(request.getModelName(), true);
            ModelRepositoryControl control = (ModelRepositoryControl) backend;
            try {
                control.loadModel(name, override);
            } catch (BackendException e) {
                if (e.reason() == BackendException.Reason.MODEL_NOT_FOUND) {
                    throw TritonError.internal("failed to load '" + name + "', failed to poll from model repository");
                }
                String version = control.repositoryIndex().stream()
                        .filter(x -> x.name().equals(name))
                        .map(ModelIndexEntry::version)
                        .filter(v -> !v.isEmpty())
                        .findFirst()
                        .orElse("1");
                throw TritonError.invalid("load failed for model '" + name + "': version " + version
                        + " is at UNAVAILABLE state: " + "Internal: " + e.getMessage() + ";\n");
            } catch (IllegalArgumentException e) {
                throw TritonError.invalid(
                        "invalid model name '" + name + "', model name must not contain path traversal characters");
            }
            return RepositoryModelLoadResponse.getDefaultInstance();
        });
    }

    /** Server {@code OnExecuteRepositoryModelUnload}; unloading an unknown model succeeds, as in Triton. */
    @Override
    public void repositoryModelUnload(
            RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> out) {
        unary(out, () -> {
            if (!request.getRepositoryName().isEmpty()) {
                throw TritonError.unsupported("'repository_name' specification is not supported");
            }
            for (Map.Entry<String, ModelRepositoryParameter> p :
                    request.getParametersMap().entrySet()) {
                if (p.getKey().equals("unload_dependents")
                        && p.getValue().getParameterChoiceCase()
                                != ModelRepositoryParameter.ParameterChoiceCase.BOOL_PARAM) {
                    throw TritonError.invalid(
                            "invalid value type for 'unload_dependents' parameter, expected bool_param.");
                }
            }
            String name = checkControl(request.getModelName(), false);
            ((ModelRepositoryControl) backend).unloadModel(name);
            return RepositoryModelUnloadResponse.getDefaultInstance();
        });
    }

    private String checkControl(String name, boolean load) {
        if (!options.explicitModelControl() || !(backend instanceof ModelRepositoryControl)) {
            throw TritonError.unavailable("explicit model load / unload is not allowed if polling is enabled");
        }
        if (load) {
            // core ModelRepositoryManager::ValidateModelName
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw TritonError.invalid("Model name cannot be empty. Please enter a valid name to deploy.");
            }
            if (trimmed.equals("..") || trimmed.contains("/")) {
                throw TritonError.invalid(
                        "invalid model name '" + name + "', model name must not contain path traversal characters");
            }
        }
        return name;
    }

    // ---------------------------------------------------------------- shared memory

    @Override
    public void systemSharedMemoryStatus(
            SystemSharedMemoryStatusRequest request, StreamObserver<SystemSharedMemoryStatusResponse> out) {
        unary(out, () -> {
            SystemSharedMemoryStatusResponse.Builder b = SystemSharedMemoryStatusResponse.newBuilder();
            for (SharedMemoryRegions.Region r : shm.status(request.getName())) {
                b.putRegions(
                        r.name(),
                        SystemSharedMemoryStatusResponse.RegionStatus.newBuilder()
                                .setName(r.name())
                                .setKey(r.key())
                                .setOffset(r.offset())
                                .setByteSize(r.byteSize())
                                .build());
            }
            return b.build();
        });
    }

    @Override
    public void systemSharedMemoryRegister(
            SystemSharedMemoryRegisterRequest request, StreamObserver<SystemSharedMemoryRegisterResponse> out) {
        unary(out, () -> {
            if (!options.allowClientSharedMemory()) {
                throw TritonError.unsupported(SHM_DISABLED);
            }
            shm.register(request.getName(), request.getKey(), request.getOffset(), request.getByteSize());
            return SystemSharedMemoryRegisterResponse.getDefaultInstance();
        });
    }

    @Override
    public void systemSharedMemoryUnregister(
            SystemSharedMemoryUnregisterRequest request, StreamObserver<SystemSharedMemoryUnregisterResponse> out) {
        unary(out, () -> {
            if (!options.allowClientSharedMemory()) {
                throw TritonError.unsupported(SHM_DISABLED);
            }
            shm.unregister(request.getName());
            return SystemSharedMemoryUnregisterResponse.getDefaultInstance();
        });
    }

    /** As a Triton built without GPU support: no CUDA region can exist (server {@code shared_memory_manager.cc} GetStatus). */
    @Override
    public void cudaSharedMemoryStatus(
            CudaSharedMemoryStatusRequest request, StreamObserver<CudaSharedMemoryStatusResponse> out) {
        unary(out, () -> {
            if (!request.getName().isEmpty()) {
                boolean system = shm.status("").stream().anyMatch(r -> r.name().equals(request.getName()));
                throw TritonError.notFound(
                        system
                                ? "The region named '" + request.getName()
                                        + "' is registered as system shared memory, not CUDA shared memory"
                                : "Unable to find cuda shared memory region: '" + request.getName() + "'");
            }
            return CudaSharedMemoryStatusResponse.getDefaultInstance();
        });
    }

    /** Server {@code OnExecuteCudaSharedMemoryRegister} without {@code TRITON_ENABLE_GPU}. */
    @Override
    public void cudaSharedMemoryRegister(
            CudaSharedMemoryRegisterRequest request, StreamObserver<CudaSharedMemoryRegisterResponse> out) {
        unary(out, () -> {
            throw TritonError.invalid(
                    "failed to register CUDA shared memory region: '" + request.getName() + "', GPUs not supported");
        });
    }

    @Override
    public void cudaSharedMemoryUnregister(
            CudaSharedMemoryUnregisterRequest request, StreamObserver<CudaSharedMemoryUnregisterResponse> out) {
        unary(out, () -> {
            if (!options.allowClientSharedMemory()) {
                throw TritonError.unsupported(SHM_DISABLED);
            }
            return CudaSharedMemoryUnregisterResponse.getDefaultInstance();
        });
    }

    // ---------------------------------------------------------------- helpers

    private static <T> void unary(StreamObserver<T> out, Supplier<T> answer) {
        T response;
        try {
            response = answer.get();
        } catch (RuntimeException e) {
            out.onError(TritonError.statusOf(e).asRuntimeException());
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }
}
