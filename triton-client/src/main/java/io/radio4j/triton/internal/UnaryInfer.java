package io.radio4j.triton.internal;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.TritonException;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import java.util.concurrent.CompletableFuture;

/** An asynchronous ModelInfer whose future cancels the gRPC call when cancelled. */
public final class UnaryInfer {
    private UnaryInfer() {}

    /** Starts the call; the returned future completes from gRPC's executor. */
    public static CompletableFuture<InferResult> start(
            GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub,
            ModelInferRequest request,
            String model,
            String version) {
        CancellableFuture future = new CancellableFuture();
        stub.modelInfer(request, new ClientResponseObserver<ModelInferRequest, ModelInferResponse>() {
            private ModelInferResponse response;

            @Override
            public void beforeStart(ClientCallStreamObserver<ModelInferRequest> call) {
                future.call = call;
            }

            @Override
            public void onNext(ModelInferResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(ExceptionMapper.map(t, model, version));
            }

            @Override
            public void onCompleted() {
                try {
                    future.complete(WireMapper.fromProto(response));
                } catch (RuntimeException malformed) {
                    future.completeExceptionally(new TritonException(
                            Status.Code.INTERNAL,
                            model,
                            version,
                            "malformed response: " + malformed.getMessage(),
                            false,
                            malformed));
                }
            }
        });
        return future;
    }

    /** Cancelling the future cancels the call, so the server can drop the work. */
    private static final class CancellableFuture extends CompletableFuture<InferResult> {
        private volatile ClientCallStreamObserver<ModelInferRequest> call;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            ClientCallStreamObserver<ModelInferRequest> current = call;
            if (cancelled && current != null) {
                current.cancel("cancelled by the caller", null);
            }
            return cancelled;
        }
    }
}
