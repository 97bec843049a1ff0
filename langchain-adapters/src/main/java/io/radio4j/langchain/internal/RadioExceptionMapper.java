package io.radio4j.langchain.internal;

import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.internal.ExceptionMapper;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns radio-core's errors into LangChain4j's exception types, as LangChain4j's own
 * {@code ExceptionMapper.DefaultExceptionMapper} does for HTTP status codes, so callers (and
 * LangChain4j's retry loop) can tell retriable from final failures:
 * <ul>
 *   <li>bad input ({@link ImageException}, {@link RadioInputException}, backend INVALID_REQUEST) →
 *       {@link InvalidRequestException} (HTTP 400 in the default mapper);</li>
 *   <li>MODEL_NOT_FOUND → {@link ModelNotFoundException} (404);</li>
 *   <li>DEADLINE_EXCEEDED (and UNAVAILABLE caused by a timeout) → {@link TimeoutException} (408);
 *       other UNAVAILABLE → {@link RetriableException};</li>
 *   <li>RESOURCE_EXHAUSTED → {@link RateLimitException} (429);</li>
 *   <li>INTERNAL → {@link InternalServerException} (5xx, retriable);</li>
 *   <li>anything else radio-core calls retryable → {@link RetriableException}, otherwise
 *       {@link NonRetriableException} (a malformed model, a contract mismatch).</li>
 * </ul>
 * A {@link BatchException} keeps its message (which lists the failed items) and takes the type of
 * its first non-retryable failure, or {@link RetriableException} when every failure is retryable.
 * LangChain4j exceptions pass through unchanged.
 */
public final class RadioExceptionMapper implements ExceptionMapper {

    /** The one instance; stateless. */
    public static final RadioExceptionMapper INSTANCE = new RadioExceptionMapper();

    private RadioExceptionMapper() {}

    @Override
    public RuntimeException mapException(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof LangChain4jException le) {
            return le;
        }
        if (e instanceof BatchException batch) {
            RadioException decisive = batch.failures().values().stream()
                    .filter(f -> !f.isRetryable())
                    .findFirst()
                    .orElse(null);
            if (decisive == null) {
                return new RetriableException(batch.getMessage(), batch);
            }
            return ofType(map(decisive), batch.getMessage(), batch);
        }
        if (e instanceof RadioException re) {
            return map(re);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new LangChain4jException(e.getMessage(), e);
    }

    private static LangChain4jException map(RadioException e) {
        String message = e.getMessage();
        if (e instanceof ImageException || e instanceof RadioInputException) {
            return new InvalidRequestException(message, e);
        }
        if (e instanceof BackendException be) {
            return switch (be.reason()) {
                case INVALID_REQUEST -> new InvalidRequestException(message, e);
                case MODEL_NOT_FOUND -> new ModelNotFoundException(message, e);
                case UNAVAILABLE ->
                    be.getCause() instanceof java.util.concurrent.TimeoutException
                            ? new TimeoutException(message, e)
                            : new RetriableException(message, e);
                case INTERNAL -> new InternalServerException(message, e);
                case INVALID_MODEL -> new NonRetriableException(message, e);
                case DEADLINE_EXCEEDED -> new TimeoutException(message, e);
                case RESOURCE_EXHAUSTED -> new RateLimitException(message, e);
            };
        }
        return e.isRetryable() ? new RetriableException(message, e) : new NonRetriableException(message, e);
    }

    /** The same exception type as {@code template} with another message and cause. */
    private static LangChain4jException ofType(LangChain4jException template, String message, Throwable cause) {
        return switch (template) {
            case InvalidRequestException ignored -> new InvalidRequestException(message, cause);
            case ModelNotFoundException ignored -> new ModelNotFoundException(message, cause);
            case TimeoutException ignored -> new TimeoutException(message, cause);
            case RateLimitException ignored -> new RateLimitException(message, cause);
            default -> new NonRetriableException(message, cause);
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
