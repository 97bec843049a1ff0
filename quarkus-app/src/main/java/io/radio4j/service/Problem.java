package io.radio4j.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer, {@code application/problem+json} as RFC 9457 defines it.
 *
 * @param type a URI naming the problem type; {@code about:blank} when the title says it all
 * @param title a short summary of the problem type
 * @param status the HTTP status, repeated for clients that only see the body
 * @param detail what exactly is wrong with this request
 * @param reason a machine-readable cause (for example radio-core's {@code TOO_MANY_PIXELS}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason) {

    /** The media type of problem answers. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        type = type == null ? "about:blank" : type;
    }
}
