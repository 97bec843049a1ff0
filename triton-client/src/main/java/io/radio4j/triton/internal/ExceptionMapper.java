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
    if (message == null && status.getCause() != null) {
      message = status.getCause().toString();
    }
    return new TritonException(status.getCode(), model, version, message, false, failure);
  }
}
