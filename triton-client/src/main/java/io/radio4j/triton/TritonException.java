package io.radio4j.triton;

import io.grpc.Status;

/**
 * The one failure type of this module: a call to the server failed, or a request was refused
 * before sending because it could not succeed.
 *
 * <p>It carries the gRPC status code, the model the call was about (if any), and the server's own
 * message unchanged ({@link #serverMessage()}), e.g. Triton's {@code "[request id: <id_unknown>]
 * unexpected shape for input 'image' for model 'm' ..."}. {@link #isClientSide()} tells a request
 * refused locally (nothing was sent) from a server answer.
 *
 * <p>What a code means for the request: {@code DEADLINE_EXCEEDED} and {@code CANCELLED} do not say
 * whether the server ran it; {@code UNAVAILABLE} usually means it was not run, and is the only code
 * {@link #isRetryable()} reports. {@code INVALID_ARGUMENT} and {@code NOT_FOUND} will fail again
 * with the same request.
 */
public class TritonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code statusCode;
    private final String modelName;
    private final String modelVersion;
    private final String serverMessage;
    private final boolean clientSide;
    private final String requestId;

    /**
     * A failure with everything known about it.
     *
     * @param statusCode gRPC status code (never OK)
     * @param modelName model the call was about, or null
     * @param modelVersion its version, or null / empty
     * @param serverMessage the server's description, unchanged, or null
     * @param clientSide true when the request was refused before sending
     * @param cause the underlying failure, or null
     */
    public TritonException(
            Status.Code statusCode,
            String modelName,
            String modelVersion,
            String serverMessage,
            boolean clientSide,
            Throwable cause) {
        this(statusCode, modelName, modelVersion, "", serverMessage, clientSide, cause);
    }

    /**
     * As the other constructor, with the id of the request that failed (used for per-request errors
     * on a stream, where several requests are in flight).
     */
    public TritonException(
            Status.Code statusCode,
            String modelName,
            String modelVersion,
            String requestId,
            String serverMessage,
            boolean clientSide,
            Throwable cause) {
        super(describe(statusCode, modelName, modelVersion, serverMessage, clientSide), cause);
        this.requestId = requestId == null ? "" : requestId;
        this.statusCode = statusCode == null ? Status.Code.UNKNOWN : statusCode;
        this.modelName = modelName;
        this.modelVersion = modelVersion == null ? "" : modelVersion;
        this.serverMessage = serverMessage == null ? "" : serverMessage;
        this.clientSide = clientSide;
    }

    /** A request refused before sending, with code INVALID_ARGUMENT. */
    public static TritonException invalidRequest(String modelName, String modelVersion, String message) {
        return new TritonException(Status.Code.INVALID_ARGUMENT, modelName, modelVersion, message, true, null);
    }

    private static String describe(Status.Code code, String model, String version, String message, boolean clientSide) {
        StringBuilder text = new StringBuilder();
        text.append(code == null ? Status.Code.UNKNOWN : code);
        if (model != null && !model.isEmpty()) {
            text.append(" (model '").append(model).append('\'');
            if (version != null && !version.isEmpty()) {
                text.append(" version ").append(version);
            }
            text.append(')');
        }
        text.append(clientSide ? " refused before sending: " : ": ");
        text.append(message == null || message.isEmpty() ? "(no message)" : message);
        return text.toString();
    }

    /** The gRPC status code. */
    public Status.Code statusCode() {
        return statusCode;
    }

    /** The model the call was about, or null for server-level calls. */
    public String modelName() {
        return modelName;
    }

    /** The model version asked for, {@code ""} when the server chose or none applies. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The server's (or, for client-side refusals, this client's) description, unchanged. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The id of the failed request when known (stream errors), else {@code ""}. */
    public String requestId() {
        return requestId;
    }

    /** True when the request was refused locally and nothing was sent. */
    public boolean isClientSide() {
        return clientSide;
    }

    /** True for UNAVAILABLE: the server could not take the call, and trying again later may work. */
    public boolean isRetryable() {
        return statusCode == Status.Code.UNAVAILABLE;
    }
}
