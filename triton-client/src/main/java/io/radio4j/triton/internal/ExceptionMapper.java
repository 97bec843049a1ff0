package io.radio4j.triton.internal;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.radio4j.triton.TritonException;
import java.util.concurrent.CancellationException;

/** Turns transport failures into {@link TritonException}, keeping the server's text intact. */
public final class ExceptionMapper {
    private ExceptionMapper() {}

    /** The exception for a failed call about {@code model} (null for server-level calls). */
    public static TritonException map(Throwable failure, String model, String version) {
        if (failure instanceof TritonException triton) {
            return triton;
        }
        Status status;
        if (failure instanceof StatusRuntimeException sre) {
            status = sre.getStatus();
        } else if (failure instanceof StatusException se) {
            status = se.getStatus();
        } else if (failure instanceof CancellationException) {
            status = Status.CANCELLED.withDescription("call cancelled by the caller");
        } else {
            status = Status.fromThrowable(failure);
        }
        String message = status.getDescription();
        // A transport failure ("io exception") names its real cause (e.g. connection refused) only in
        // the cause; server answers carry no cause, so their text stays exactly as sent.
        if (status.getCause() != null) {
            message = message == null ? status.getCause().toString() : message + ": " + status.getCause();
        }
        return new TritonException(status.getCode(), model, version, message, false, failure);
    }
}
