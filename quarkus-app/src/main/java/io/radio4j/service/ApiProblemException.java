package io.radio4j.service;

/**
 * A request the service refuses or cannot serve, answered as {@code application/problem+json}
 * (RFC 9457) with this status, title and detail by the service's one exception mapper.
 *
 * <p>Throw it from resources and services for problems that have no radio-core exception of their
 * own: a missing form field (400), a body too large (413), an unsupported media type (415), a value
 * outside its range (422), a feature turned off (403/404). The detail is shown to the client as is:
 * name the offending value and the rule, never include internal paths or stack traces.
 */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final String title;

    /**
     * @param status the HTTP status, 400..599
     * @param title a short, stable summary of the problem type, e.g. "Invalid request"
     * @param detail what exactly is wrong, for the client to act on
     * @throws IllegalArgumentException if the status is not a 4xx or 5xx code
     */
    public ApiProblemException(int status, String title, String detail) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.title = title == null || title.isBlank() ? "Error" : title;
    }

    /** A 400 Bad Request naming what is wrong. */
    public static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(400, "Bad request", detail);
    }

    /** A 422 Unprocessable Content: well-formed, but a value is outside what the service accepts. */
    public static ApiProblemException unprocessable(String detail) {
        return new ApiProblemException(422, "Invalid value", detail);
    }

    /** A 413 Content Too Large naming the limit and its configuration key. */
    public static ApiProblemException tooLarge(String detail) {
        return new ApiProblemException(413, "Request too large", detail);
    }

    /** A 415 Unsupported Media Type. */
    public static ApiProblemException unsupportedMediaType(String detail) {
        return new ApiProblemException(415, "Unsupported media type", detail);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The short summary of the problem type. */
    public String title() {
        return title;
    }

    /** The detail shown to the client. */
    public String detail() {
        return getMessage();
    }
}
