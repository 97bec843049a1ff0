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

    /**
     * The gRPC status Triton uses for a failure (Triton {@code src/grpc/grpc_utils.cc} CodeToStatus):
     * a {@link TritonError} as it says, a backend failure by its reason, anything else INTERNAL.
     */
    public static Status statusOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TritonError te) {
            return te.toStatus();
        }
        if (cause instanceof io.radio4j.core.backend.BackendException be) {
            Status status = switch (be.reason()) {
                case MODEL_NOT_FOUND -> Status.NOT_FOUND;
                case INVALID_REQUEST -> Status.INVALID_ARGUMENT;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case INVALID_MODEL, INTERNAL -> Status.INTERNAL;
                case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            };
            return status.withDescription(be.getMessage());
        }
        return Status.INTERNAL
                .withDescription(String.valueOf(cause.getMessage()))
                .withCause(cause);
    }
}
