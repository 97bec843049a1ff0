package io.radio4j.service.openai;

import io.radio4j.service.ApiProblemException;

/**
 * A refusal on an OpenAI-shaped route that names the request field at fault ({@code param}) and an
 * OpenAI-style error {@code code}; elsewhere it is an ordinary {@link ApiProblemException}.
 */
public class OpenAiProblemException extends ApiProblemException {

    private final String param;
    private final String code;

    /**
     * @param param the request field at fault, or null
     * @param code a stable snake_case code such as {@code model_not_found}, or null
     */
    public OpenAiProblemException(int status, String title, String detail, String param, String code) {
        super(status, title, detail);
        this.param = param;
        this.code = code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** The error code, or null. */
    public String code() {
        return code;
    }
}
