package io.radio4j.core.backend.internal;

import io.grpc.stub.StreamObserver;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelConfigRequest;
import io.radio4j.triton.protocol.ModelConfigResponse;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataRequest;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.radio4j.triton.protocol.ModelReadyRequest;
import io.radio4j.triton.protocol.ModelStatistics;
import io.radio4j.triton.protocol.ModelStatisticsRequest;
import io.radio4j.triton.protocol.ModelStatisticsResponse;
import io.radio4j.triton.protocol.ModelReadyResponse;
import io.radio4j.triton.protocol.ModelStreamInferResponse;
import io.radio4j.triton.protocol.ServerLiveRequest;
import io.radio4j.triton.protocol.ServerLiveResponse;
import io.radio4j.triton.protocol.ServerMetadataRequest;
import io.radio4j.triton.protocol.ServerMetadataResponse;
import io.radio4j.triton.protocol.ServerReadyRequest;
import io.radio4j.triton.protocol.ServerReadyResponse;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The KServe v2 {@code GRPCInferenceService} over any {@link InferenceBackend}: health, server and
 * model metadata, model configuration, statistics, unary and streaming inference. The other RPCs
 * (repository control, shared memory, trace and log settings) answer UNIMPLEMENTED, as Triton does
 * for extensions it lacks.
 */
public final class KServeService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    /** The name reported by ServerMetadata. */
    public static final String SERVER_NAME = "radio4j-embedded";

    private final InferenceBackend backend;
    private final String version;

    public KServeService(InferenceBackend backend, String version) {
        this.backend = backend;
        this.version = version;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        unary(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        unary(out, () -> ServerReadyResponse.newBuilder().setReady(backend.isReady()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        unary(out, () -> {
            // Triton answers NOT_FOUND for a model it does not know, not ready=false.
            backend.modelConfig(request.getName());
            return ModelReadyResponse.newBuilder().setReady(backend.isModelReady(request.getName())).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        unary(out, () -> ServerMetadataResponse.newBuilder().setName(SERVER_NAME).setVersion(version)
                .addExtensions("statistics").build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        unary(out, () -> KServeMapping.toProto(backend.modelMetadata(request.getName())));
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
        unary(out, () -> ModelConfigResponse.newBuilder().setConfig(backend.modelConfig(request.getName())).build());
    }

    /** Triton's statistics extension; perf_analyzer reads it around each measurement window. */
    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
        unary(out, () -> {
            List<ModelStatistics> stats = backend.modelStatistics(request.getName());
            if (!request.getVersion().isEmpty()) {
                stats = stats.stream().filter(s -> s.getVersion().equals(request.getVersion())).toList();
                if (stats.isEmpty()) {
                    throw new BackendException(BackendException.Reason.MODEL_NOT_FOUND, "Request for unknown model: '"
                            + request.getName() + "' version " + request.getVersion() + " is not found");
                }
            }
            return ModelStatisticsResponse.newBuilder().addAllModelStats(stats).build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        try {
            backend.infer(KServeMapping.toRequest(request)).whenComplete((result, error) -> {
                if (error != null) {
                    out.onError(KServeMapping.toStatus(error).asRuntimeException());
                } else {
                    out.onNext(KServeMapping.toResponse(result));
                    out.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            out.onError(KServeMapping.toStatus(e).asRuntimeException());
        }
    }

    /**
     * Each request of the stream is answered by one response in the order results complete; a
     * failed request becomes a response with {@code error_message} and the stream stays open, as
     * Triton does by default.
     */
    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
        return new StreamObserver<>() {
            private final AtomicInteger pending = new AtomicInteger(1);
            private final Object lock = new Object();

            @Override
            public void onNext(ModelInferRequest request) {
                pending.incrementAndGet();
                // Triton prefixes request errors with the request id, which is how a streaming
                // client matches an error to its request.
                String prefix = "[request id: " + (request.getId().isEmpty() ? "<id_unknown>" : request.getId()) + "] ";
                try {
                    backend.infer(KServeMapping.toRequest(request)).whenComplete((result, error) -> {
                        ModelStreamInferResponse response = error == null
                                ? ModelStreamInferResponse.newBuilder().setInferResponse(KServeMapping.toResponse(result)).build()
                                : ModelStreamInferResponse.newBuilder()
                                        .setErrorMessage(prefix + KServeMapping.toStatus(error).getDescription()).build();
                        send(response);
                    });
                } catch (RuntimeException e) {
                    send(ModelStreamInferResponse.newBuilder().setErrorMessage(prefix + KServeMapping.toStatus(e).getDescription()).build());
                }
            }

            private void send(ModelStreamInferResponse response) {
                // StreamObserver is not thread-safe; results complete on backend threads.
                synchronized (lock) {
                    out.onNext(response);
                }
                finishOne();
            }

            private void finishOne() {
                if (pending.decrementAndGet() == 0) {
                    synchronized (lock) {
                        out.onCompleted();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; results still in flight are dropped by gRPC.
            }

            @Override
            public void onCompleted() {
                finishOne();
            }
        };
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> answer) {
        T response;
        try {
            response = answer.get();
        } catch (RuntimeException e) {
            out.onError(KServeMapping.toStatus(e).asRuntimeException());
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }
}
