package io.radio4j.triton.testing;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Remembers the request headers of the latest call, so tests can see what the client sent. */
public final class HeaderRecorder implements ServerInterceptor {
    private volatile Metadata last = new Metadata();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        last = headers;
        return next.startCall(call, headers);
    }

    /** The value of header {@code key} on the latest call, or null. */
    public String get(String key) {
        return last.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
}
