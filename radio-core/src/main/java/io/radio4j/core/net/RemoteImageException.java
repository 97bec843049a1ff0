package io.radio4j.core.net;

import io.radio4j.core.RadioException;

/**
 * A remote image that could not be fetched. The message names the URL's host and the reason, never
 * any of the bytes the server sent.
 */
public final class RemoteImageException extends RadioException {

    /** Why. */
    public enum Reason {
        /** Not an absolute http(s) URL with a host. */
        BAD_URL,
        /** The host resolves to an address that is not public (see {@link AddressRules}). */
        REFUSED_ADDRESS,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** No answer (connect, TLS, read) or too many redirects. */
        UNREACHABLE,
        /** An answer other than 200 (after redirects). */
        HTTP_STATUS,
        /** More bytes than allowed. */
        TOO_LARGE
    }

    private final Reason reason;
    private final int status;

    RemoteImageException(Reason reason, String message, int status, Throwable cause) {
        super(message, cause, reason == Reason.UNREACHABLE || (reason == Reason.HTTP_STATUS && status >= 500));
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status for {@link Reason#HTTP_STATUS}, else 0. */
    public int status() {
        return status;
    }
}
