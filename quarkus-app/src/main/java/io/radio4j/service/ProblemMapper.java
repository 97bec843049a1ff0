package io.radio4j.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.RadioException;
import io.radio4j.tokenbudget.BudgetRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The service's one exception mapper: every failure becomes {@code application/problem+json}
 * ({@link Problem}) with the status {@link Problems#of(Throwable)} gives it. Client mistakes are 4xx
 * naming the problem; a backend that is down is 503 and every 429 or 503 carries {@code Retry-After};
 * anything unexpected is a 500 whose body says nothing internal (the stack trace goes to the log
 * only). Each answer counts in {@code radio4j_errors_total{cause,status}}. This class only renders:
 * which status a failure gets is decided in {@link Problems}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    // Quarkus ships its own (body-less) mappers for Jackson's and JAX-RS's subtypes; naming them
    // here makes ours win. Every method answers through the same mapping.

    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jsonMapping(JsonMappingException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> valueInstantiation(ValueInstantiationException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> json(JsonProcessingException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> illegalArgument(IllegalArgumentException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        RestResponse<Problem> answer = answer(e);
        RestResponse.ResponseBuilder<Problem> b = RestResponse.ResponseBuilder.fromResponse(answer);
        Response r = e.getResponse();
        r.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")
                    && !name.equalsIgnoreCase("Content-Length")
                    && !answer.getHeaders().containsKey(name)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    // radio4j's own types: named so that no built-in mapper of a supertype is more specific.

    @ServerExceptionMapper
    public RestResponse<Problem> apiProblem(ApiProblemException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> radio(RadioException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tokenBudget(BudgetRequestException e) {
        return answer(e);
    }

    /** The request body could not be read: truncated, an unterminated multipart part, a client gone. */
    @ServerExceptionMapper
    public RestResponse<Problem> unreadableBody(IOException e) {
        return answer(e);
    }

    /** Everything else, including the unexpected. */
    @ServerExceptionMapper
    public RestResponse<Problem> failure(Throwable e) {
        return answer(e);
    }

    private RestResponse<Problem> answer(Throwable e) {
        Problems.Mapped m = Problems.of(e);
        log(m, e);
        registry.counter("radio4j_errors", "cause", m.cause(), "status", Integer.toString(m.status()))
                .increment();
        RestResponse.ResponseBuilder<Problem> b = RestResponse.ResponseBuilder.<Problem>create(m.status())
                .entity(m.problem())
                .type(Problem.MEDIA_TYPE);
        if (m.retryLater()) {
            // Both mean "not now": tell the client when to come back instead of letting it hammer.
            b.header("Retry-After", Math.max(1, config.backend().retryAfter().toSeconds()));
        }
        return b.build();
    }

    private static void log(Problems.Mapped m, Throwable e) {
        if (m.log() == null) {
            return;
        }
        switch (m.log()) {
            case ERROR, FATAL -> LOG.error(m.problem().title() + " (" + m.cause() + ")", e);
            case WARN -> LOG.warnf("%s: %s", m.problem().title(), e.getMessage());
            default -> LOG.logf(m.log(), "%s: %s", m.problem().title(), e.getMessage());
        }
    }
}
