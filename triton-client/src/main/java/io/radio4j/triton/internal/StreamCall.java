package io.radio4j.triton.internal;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferStream;
import io.radio4j.triton.InferStreamListener;
import io.radio4j.triton.TritonException;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelStreamInferResponse;

/** One open ModelStreamInfer call: sends requests, turns stream messages into listener callbacks. */
public final class StreamCall implements InferStream {
  private final InferStreamListener listener;
  private final int maxOutboundMessageSize;
  private StreamObserver<ModelInferRequest> requests;
  private volatile ClientCallStreamObserver<ModelInferRequest> call;
  private boolean closed;

  private StreamCall(InferStreamListener listener, int maxOutboundMessageSize) {
    this.listener = listener;
    this.maxOutboundMessageSize = maxOutboundMessageSize;
  }

  /** Opens the stream on {@code stub} (deadline and headers already applied). */
  public static StreamCall open(
      GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub, InferStreamListener listener, int maxOutboundMessageSize) {
    StreamCall stream = new StreamCall(listener, maxOutboundMessageSize);
    stream.requests = stub.modelStreamInfer(stream.new Responses());
    return stream;
  }

  @Override
  public synchronized void send(InferRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request is null");
    }
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    ModelInferRequest message = WireMapper.toProto(request);
    int size = message.getSerializedSize();
    if (size > maxOutboundMessageSize || size < 0) {
      throw new TritonException(Status.Code.RESOURCE_EXHAUSTED, request.modelName(), request.modelVersion(),
          request.id(), "request of " + Integer.toUnsignedString(size) + " bytes exceeds maxOutboundMessageSize "
              + maxOutboundMessageSize, true, null);
    }
    // StreamObserver is not thread-safe; this method is synchronized for that reason.
    requests.onNext(message);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      requests.onCompleted();
    }
  }

  @Override
  public void cancel() {
    synchronized (this) {
      closed = true;
    }
    ClientCallStreamObserver<ModelInferRequest> current = call;
    if (current != null) {
      current.cancel("stream cancelled by the caller", null);
    }
  }

  private final class Responses implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(ModelStreamInferResponse message) {
      ModelInferResponse response = message.getInferResponse();
      if (!message.getErrorMessage().isEmpty()) {
        listener.onError(new TritonException(Status.Code.UNKNOWN, emptyToNull(response.getModelName()),
            response.getModelVersion(), response.getId(), message.getErrorMessage(), false, null));
        return;
      }
      try {
        listener.onResult(WireMapper.fromProto(response));
      } catch (IllegalArgumentException malformed) {
        listener.onError(new TritonException(Status.Code.INTERNAL, emptyToNull(response.getModelName()),
            response.getModelVersion(), response.getId(), "malformed response: " + malformed.getMessage(),
            false, malformed));
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (StreamCall.this) {
        closed = true;
      }
      listener.onFailure(ExceptionMapper.map(t, null, null));
    }

    @Override
    public void onCompleted() {
      synchronized (StreamCall.this) {
        closed = true;
      }
      listener.onCompleted();
    }
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
