package io.radio4j.core;

/**
 * The unchecked root of every error radio-core raises: bad images, bad texts, model contracts that
 * do not match, and backend failures. Subclasses name the cause; {@link #isRetryable()} tells a
 * caller whether the same call may succeed later (a backend that is down) or never will (bad input).
 */
public class RadioException extends RuntimeException {

    private final boolean retryable;

    /**
     * @param message what went wrong, in terms the caller can act on
     * @param cause the underlying failure, or {@code null}
     * @param retryable whether repeating the same call may succeed
     */
    public RadioException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A non-retryable error with no cause. */
    public RadioException(String message) {
        this(message, null, false);
    }

    /** Whether repeating the same call may succeed (for example once a backend is back). */
    public boolean isRetryable() {
        return retryable;
    }
}
