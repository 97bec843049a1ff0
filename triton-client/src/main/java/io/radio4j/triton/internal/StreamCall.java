package io.radio4j.triton.internal;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.radio4j.triton.Compression;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferStream;
import io.radio4j.triton.InferStreamListener;
import io.radio4j.triton.TritonException;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelStreamInferResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One open ModelStreamInfer call: sends requests, turns stream messages into listener callbacks.
 *
 * <p>Per-request settings a stream can honour are honoured: a request's {@link Compression}
 * compresses that message (the call is opened with gzip available and each message says whether it
 * is compressed), and a request's deadline is enforced on the client: when no response for its id
 * arrives in time the listener gets a DEADLINE_EXCEEDED error for it and a late response is
 * dropped. Headers belong to the whole call, so a request carrying headers the stream was not
 * opened with is refused rather than sent without them.
 */
public final class StreamCall implements InferStream {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "radio4j-stream-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final InferStreamListener listener;
    private final int maxOutboundMessageSize;
    private final Map<String, String> streamHeaders;
    private final Map<String, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private StreamObserver<ModelInferRequest> requests;
    private volatile ClientCallStreamObserver<ModelInferRequest> call;
    private boolean closed;

    private StreamCall(InferStreamListener listener, int maxOutboundMessageSize, Map<String, String> streamHeaders) {
        this.listener = listener;
        this.maxOutboundMessageSize = maxOutboundMessageSize;
        this.streamHeaders = Map.copyOf(streamHeaders);
    }

    /** Opens the stream on {@code stub} (deadline and headers already applied). */
    public static StreamCall open(
            GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub,
            InferStreamListener listener,
            int maxOutboundMessageSize) {
        return open(stub, listener, maxOutboundMessageSize, Map.of());
    }

    /**
     * Opens the stream on {@code stub} (stream deadline and {@code streamHeaders} already applied);
     * gzip is made available so requests can ask for compression one by one.
     */
    public static StreamCall open(
            GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub,
            InferStreamListener listener,
            int maxOutboundMessageSize,
            Map<String, String> streamHeaders) {
        StreamCall stream = new StreamCall(listener, maxOutboundMessageSize, streamHeaders);
        stream.requests = stub.withCompression("gzip").modelStreamInfer(stream.new Responses());
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
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (!h.getValue().equals(streamHeaders.get(h.getKey()))) {
                throw new IllegalArgumentException(
                        "header '" + h.getKey() + "' of request '" + request.id()
                                + "' cannot be sent on an open stream (headers belong to the whole call): pass it to openStream");
            }
        }
        if (request.deadline() != null && request.id().isEmpty()) {
            throw new IllegalArgumentException(
                    "a request with a deadline on a stream needs an id, so its response can be matched");
        }
        ModelInferRequest message = WireMapper.toProto(request);
        int size = message.getSerializedSize();
        if (size > maxOutboundMessageSize || size < 0) {
            throw new TritonException(
                    Status.Code.RESOURCE_EXHAUSTED,
                    request.modelName(),
                    request.modelVersion(),
                    request.id(),
                    "request of " + Integer.toUnsignedString(size) + " bytes exceeds maxOutboundMessageSize "
                            + maxOutboundMessageSize,
                    true,
                    null);
        }
        // StreamObserver is not thread-safe; this method is synchronized for that reason.
        ClientCallStreamObserver<ModelInferRequest> current = call;
        if (current != null) {
            current.setMessageCompression(request.compression() != Compression.NONE);
        }
        if (request.deadline() != null) {
            String id = request.id();
            deadlines.put(
                    id,
                    TIMERS.schedule(() -> expire(request), request.deadline().toNanos(), TimeUnit.NANOSECONDS));
        }
        requests.onNext(message);
    }

    private void expire(InferRequest request) {
        if (deadlines.remove(request.id()) != null) {
            expired.add(request.id());
            listener.onError(new TritonException(
                    Status.Code.DEADLINE_EXCEEDED,
                    request.modelName(),
                    request.modelVersion(),
                    request.id(),
                    "no response within the request's deadline of "
                            + request.deadline().toMillis() + " ms",
                    true,
                    null));
        }
    }

    /** True when the response for this id is still wanted (its deadline, if any, has not passed). */
    private boolean claim(String id) {
        ScheduledFuture<?> timer = deadlines.remove(id);
        if (timer != null) {
            timer.cancel(false);
            return true;
        }
        return !expired.remove(id);
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
            if (!claim(response.getId())) {
                return;
            }
            if (!message.getErrorMessage().isEmpty()) {
                listener.onError(new TritonException(
                        Status.Code.UNKNOWN,
                        emptyToNull(response.getModelName()),
                        response.getModelVersion(),
                        response.getId(),
                        message.getErrorMessage(),
                        false,
                        null));
                return;
            }
            try {
                listener.onResult(WireMapper.fromProto(response));
            } catch (IllegalArgumentException malformed) {
                listener.onError(new TritonException(
                        Status.Code.INTERNAL,
                        emptyToNull(response.getModelName()),
                        response.getModelVersion(),
                        response.getId(),
                        "malformed response: " + malformed.getMessage(),
                        false,
                        malformed));
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
