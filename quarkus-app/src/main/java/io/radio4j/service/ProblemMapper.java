package io.radio4j.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.tokenbudget.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * The service's one exception mapper: every failure becomes {@code application/problem+json}
 * ({@link Problem}) with a status that says whose fault it is. Client mistakes are 4xx naming the
 * problem; a backend that is down is 503 with {@code Retry-After}; anything unexpected is a 500
 * whose body says nothing internal (the stack trace goes to the log only). Each answer counts in
 * {@code radio4j_errors_total{cause,status}}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    @ServerExceptionMapper
    public RestResponse<Problem> apiProblem(ApiProblemException e) {
        RestResponse<Problem> r = answer(e.status(), e.title(), e.detail(), null, "http_" + e.status());
        if (e.status() == 429 || e.status() == 503) {
            // Both mean "not now": tell the client when to come back instead of letting it hammer.
            return RestResponse.ResponseBuilder.fromResponse(r)
                    .header("Retry-After", Math.max(1, config.backend().retryAfter().toSeconds()))
                    .build();
        }
        return r;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> image(ImageException e) {
        int status = switch (e.reason()) {
            case TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_MANY_FRAMES -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            default -> 422;
        };
        return answer(status, "Invalid image", e.getMessage(), e.reason().name(), "image");
    }

    @ServerExceptionMapper
    public RestResponse<Problem> batch(BatchException e) {
        // One bad item fails the request; the answer is the first item's own problem, with its index.
        Map.Entry<Integer, RadioException> first = e.failures().firstEntry();
        RadioException cause = first.getValue();
        RestResponse<Problem> item = radio(cause);
        Problem p = item.getEntity();
        String detail = "item " + first.getKey() + ": " + p.detail()
                + (e.failures().size() > 1 ? " (" + e.failures().size() + " items failed)" : "");
        return withHeaders(item, new Problem(p.type(), p.title(), p.status(), detail, p.reason()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> radio(RadioException e) {
        if (e instanceof ImageException ie) {
            return image(ie);
        }
        if (e instanceof BatchException be) {
            return batch(be);
        }
        if (e instanceof BackendException be) {
            return backend(be);
        }
        if (e instanceof RadioInputException) {
            return answer(422, "Invalid input", e.getMessage(), null, "input");
        }
        LOG.error("model or configuration error", e);
        return answer(500, "Model error", "the model does not behave as its contract says; see the service log", null, "model");
    }

    private RestResponse<Problem> backend(BackendException e) {
        return switch (e.reason()) {
            case UNAVAILABLE, MODEL_NOT_FOUND -> {
                LOG.warnf("backend unavailable: %s", e.getMessage());
                RestResponse<Problem> r = answer(503, "Backend unavailable",
                        "the inference backend is not available; retry later", e.reason().name(), "backend_unavailable");
                yield RestResponse.ResponseBuilder.fromResponse(r)
                        .header("Retry-After", Math.max(1, config.backend().retryAfter().toSeconds()))
                        .build();
            }
            // The call's one deadline passed (the backend is slow or paused) and the call was cancelled.
            case DEADLINE_EXCEEDED -> answer(504, "Backend deadline exceeded",
                    "the inference backend did not answer within the deadline; retry later", e.reason().name(), "backend_deadline");
            // The backend (or this service's limit in front of it) is over capacity: slow down.
            case RESOURCE_EXHAUSTED -> RestResponse.ResponseBuilder.fromResponse(answer(429, "Backend busy",
                            "the inference backend is over capacity; retry later", e.reason().name(), "backend_exhausted"))
                    .header("Retry-After", Math.max(1, config.backend().retryAfter().toSeconds()))
                    .build();
            case INVALID_REQUEST -> answer(422, "Invalid input", e.getMessage(), e.reason().name(), "backend_invalid_request");
            default -> {
                LOG.error("backend failure", e);
                yield answer(500, "Backend error", "the inference backend failed; see the service log", e.reason().name(), "backend_internal");
            }
        };
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tokenBudget(InvalidRequestException e) {
        return answer(422, "Invalid token-budget request", e.getMessage(), null, "token_budget");
    }

    // Quarkus ships its own (body-less) mappers for these subtypes; naming them here makes ours win.
    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jsonMapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> valueInstantiation(ValueInstantiationException e) {
        // A record refused its values in its compact constructor: the cause names the problem.
        if (e.getCause() instanceof InvalidRequestException ire) {
            return tokenBudget(ire);
        }
        if (e.getCause() instanceof ApiProblemException ape) {
            return apiProblem(ape);
        }
        if (e.getCause() instanceof IllegalArgumentException iae) {
            return illegalArgument(iae);
        }
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> json(JsonProcessingException e) {
        // The original message names the field and position; the location suffix names internals.
        return answer(400, "Malformed JSON", plainWords(e.getOriginalMessage()), null, "json");
    }

    private static final java.util.regex.Pattern JAVA_TYPE =
            java.util.regex.Pattern.compile("`?\\b(?:[a-z][\\w$]*\\.)+([A-Z][\\w$]*)(?:<[^`>]*>)?`?|`(int|long|double|float|boolean)`");

    /** Jackson's message with Java type names replaced by what a JSON client calls them. */
    static String plainWords(String message) {
        if (message == null) {
            return "the JSON body does not have the expected shape";
        }
        return JAVA_TYPE.matcher(message).replaceAll(m -> {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            return switch (name) {
                case "String", "Character", "char" -> "a string";
                case "Integer", "Long", "Short", "int", "long" -> "a whole number";
                case "Double", "Float", "BigDecimal", "Number", "double", "float" -> "a number";
                case "Boolean", "boolean" -> "true or false";
                case "List", "ArrayList", "Collection", "Set" -> "a list";
                default -> "an object";
            };
        });
    }

    @ServerExceptionMapper
    public RestResponse<Problem> illegalArgument(IllegalArgumentException e) {
        return answer(422, "Invalid value", e.getMessage(), null, "argument");
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        Response r = e.getResponse();
        int status = r.getStatus();
        if (status >= 500) {
            LOG.error("web exception", e);
        }
        String title = r.getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null ? title : e.getMessage();
        RestResponse<Problem> answer = answer(status, title, detail, null, "http_" + status);
        RestResponse.ResponseBuilder<Problem> b = RestResponse.ResponseBuilder.fromResponse(answer);
        r.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    /**
     * The request body could not be read: an unterminated multipart body, a client that went away or
     * was cut off for sending too slowly. The client's fault, so 400 and no stack trace in the log.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> unreadableBody(java.io.IOException e) {
        LOG.debugf("request body not readable: %s", e.getMessage());
        return answer(400, "Malformed request body", "the request body could not be read completely "
                + "(truncated, an unterminated multipart part, or the connection closed)", null, "body");
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return answer(500, "Internal error", "the service failed unexpectedly; see its log", null, "internal");
    }

    private RestResponse<Problem> answer(int status, String title, String detail, String reason, String cause) {
        registry.counter("radio4j_errors", "cause", cause, "status", Integer.toString(status)).increment();
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(new Problem(null, title, status, detail, reason))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    private static RestResponse<Problem> withHeaders(RestResponse<Problem> from, Problem body) {
        RestResponse.ResponseBuilder<Problem> b = RestResponse.ResponseBuilder.<Problem>create(from.getStatus()).entity(body).type(Problem.MEDIA_TYPE);
        from.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }
}
