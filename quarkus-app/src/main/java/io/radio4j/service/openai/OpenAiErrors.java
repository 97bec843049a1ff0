package io.radio4j.service.openai;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.radio4j.service.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Error answers on the OpenAI-shaped routes ({@code /v1/embeddings}, {@code /v1/models}) in the
 * shape OpenAI's SDKs parse: {@code application/json} with
 * {@code {"error": {"message", "type", "param", "code"}}}. The problem fields ({@code title},
 * {@code status}, {@code detail}, {@code reason}) stay at the top level beside it, so clients that
 * read RFC 9457 problems still find them. Every other route keeps {@code application/problem+json}.
 *
 * <p>This is the one place where the rendering is chosen per route: the service's exception mapper
 * builds the {@link Problem} as everywhere, and this filter re-dresses it. OpenAI's Node SDK, for
 * example, reads an error body only when the content type contains {@code application/json}
 * ({@code openai-node} {@code src/core.ts} / {@code internal/parse.ts}) and shows
 * {@code error.message} after the status.
 */
public class OpenAiErrors {

    /** Whether a request path (without the root path) is one of the OpenAI-shaped routes. */
    public static boolean isOpenAiRoute(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.equals("/v1/embeddings")
                || p.startsWith("/v1/embeddings/")
                || p.equals("/v1/models")
                || p.startsWith("/v1/models/");
    }

    /** OpenAI's error {@code type} for an HTTP status. */
    public static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** The OpenAI-shaped body for a problem; the problem's fields are kept beside {@code error}. */
    public static Map<String, Object> body(Problem p, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", p.detail() == null ? p.title() : p.detail());
        error.put("type", type(p.status()));
        error.put("param", param);
        error.put(
                "code",
                code != null ? code : p.reason() == null ? null : p.reason().toLowerCase(Locale.ROOT));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        if (p.reason() != null) {
            body.put("reason", p.reason());
        }
        return body;
    }

    @ServerResponseFilter
    public void redress(ContainerRequestContext request, ContainerResponseContext response, Throwable thrown) {
        if (!(response.getEntity() instanceof Problem p)
                || !isOpenAiRoute(request.getUriInfo().getPath())) {
            return;
        }
        String param = null;
        String code = null;
        Throwable t = thrown;
        // A record's compact constructor failure arrives wrapped by Jackson.
        if (t instanceof JsonMappingException jme && jme.getCause() instanceof OpenAiProblemException) {
            t = jme.getCause();
        }
        if (t instanceof OpenAiProblemException ope) {
            param = ope.param();
            code = ope.code();
        } else if (t instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            param = jme.getPath().getFirst().getFieldName();
        }
        response.setEntity(body(p, param, code), null, MediaType.APPLICATION_JSON_TYPE);
    }
}
