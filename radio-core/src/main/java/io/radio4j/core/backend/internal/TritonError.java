package io.radio4j.core.backend.internal;

import io.grpc.Status;

/**
 * An error the KServe server answers with a given gRPC code and text, as Triton's
 * {@code TRITONSERVER_Error} mapped by server {@code src/grpc/grpc_utils.cc}
 * {@code GrpcStatusUtil::CodeToStatus} (INVALID_ARG → INVALID_ARGUMENT, UNSUPPORTED →
 * UNIMPLEMENTED, the others by name).
 */
public final class TritonError extends RuntimeException {

    private final Status.Code code;

    public TritonError(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    public Status toStatus() {
        return Status.fromCode(code).withDescription(getMessage());
    }

    public static TritonError invalid(String message) {
        return new TritonError(Status.Code.INVALID_ARGUMENT, message);
    }

    public static TritonError notFound(String message) {
        return new TritonError(Status.Code.NOT_FOUND, message);
    }

    public static TritonError unavailable(String message) {
        return new TritonError(Status.Code.UNAVAILABLE, message);
    }

    public static TritonError internal(String message) {
        return new TritonError(Status.Code.INTERNAL, message);
    }

    public static TritonError unsupported(String message) {
        return new TritonError(Status.Code.UNIMPLEMENTED, message);
    }

    public static TritonError alreadyExists(String message) {
        return new TritonError(Status.Code.ALREADY_EXISTS, message);
    }
}
