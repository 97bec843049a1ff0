package io.radio4j.core.backend;

import io.radio4j.core.RadioException;
import java.util.Objects;

/**
 * An {@link InferenceBackend} could not answer: the model is unknown, the request breaks the
 * model's configuration, the backend is unreachable or shutting down, a model in the repository is
 * malformed, the runtime failed, the deadline passed or a limit was hit. {@link #reason()} says
 * which; {@link #isRetryable()} is true only for {@link Reason#UNAVAILABLE}.
 */
public class BackendException extends RadioException {

    /** Why a backend call failed. */
    public enum Reason {
        /** No model (or version) of that name is loaded. */
        MODEL_NOT_FOUND,
        /** The request does not match the model's configuration (names, types, shapes, batch size). */
        INVALID_REQUEST,
        /** The backend cannot be reached, is overloaded, or is closed; the call may succeed later. */
        UNAVAILABLE,
        /** A model in the repository cannot be loaded or contradicts its own configuration. */
        INVALID_MODEL,
        /** The runtime or server failed while running a valid request. */
        INTERNAL,
        /**
         * The call's deadline passed before the answer came (gRPC DEADLINE_EXCEEDED); the call was
         * cancelled, but the server may have run it. Not retried: the time is spent.
         */
        DEADLINE_EXCEEDED,
        /**
         * The backend or this client is over a limit (gRPC RESOURCE_EXHAUSTED, or more calls in
         * flight than a {@link ConcurrencyLimitInterceptor} allows); the call was not run and may
         * succeed later. Not retried automatically: the caller should slow down.
         */
        RESOURCE_EXHAUSTED
    }

    private final Reason reason;

    /**
     * @param reason why the call failed
     * @param message what failed, naming the model and tensor where known
     * @param cause the underlying failure, or {@code null}
     */
    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause, Objects.requireNonNull(reason, "reason") == Reason.UNAVAILABLE);
        this.reason = reason;
    }

    /** A failure with no underlying cause. */
    public BackendException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Why the call failed. */
    public Reason reason() {
        return reason;
    }
}
