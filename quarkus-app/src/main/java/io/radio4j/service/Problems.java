package io.radio4j.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RetriableException;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.langchain.store.DimensionMismatchException;
import io.radio4j.tokenbudget.BudgetRequestException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The service's one mapping from a failure to the HTTP problem it is answered with: status, title,
 * detail, reason, the {@code cause} label it is counted under in {@code radio4j_errors_total}, and
 * whether it is worth a log line. {@link ProblemMapper} renders it for a request; the image index
 * uses it for each image that fails inside a batch, so an image gets the same status alone or in a
 * folder.
 *
 * <p>radio4j's own types (radio-core's, tokenbudget's, the stores' {@link DimensionMismatchException},
 * {@link ApiProblemException}) are found anywhere in the cause chain, since LangChain4j's exceptions
 * and the ingestor wrap them. The JDK's, Jackson's and JAX-RS's general types only count when thrown
 * at the top: an {@code IOException} deep inside a store failure is not a malformed request body.
 * Anything else is a 500 whose detail names nothing internal. Stateless.
 */
public final class Problems {

    /** The detail of a 409 for a vector store filled by another model. */
    public static final String MODEL_CHANGED =
            "the index holds embeddings of another model; search with the model it was built with, "
                    + "or start a new index (move radio4j.index.data-dir aside, or use another radio4j.index.solr.collection)";

    private static final String BACKEND_DOWN = "the inference backend is not available; retry later";

    /**
     * How one failure is answered.
     *
     * @param problem the body, status included
     * @param cause the {@code cause} label of {@code radio4j_errors_total}
     * @param log how loud to log it ({@code ERROR} with the stack trace, {@code WARN} and {@code DEBUG}
     *     with the message), or {@code null} for a client mistake that needs no log line
     */
    public record Mapped(Problem problem, String cause, Logger.Level log) {
        /** The HTTP status. */
        public int status() {
            return problem.status();
        }

        /** Whether the client should come back later ({@code Retry-After}): 429 and 503. */
        public boolean retryLater() {
            return status() == 429 || status() == 503;
        }
    }

    private Problems() {}

    /** The problem a request that failed with {@code e} is answered with. */
    public static Mapped of(Throwable e) {
        return map(e, false);
    }

    /**
     * As {@link #of}, for one item of a batch (an image of an index request): a {@link BatchException}
     * is answered with its first item's own problem, without the "item i" prefix a request gets.
     */
    public static Mapped ofItem(Throwable e) {
        return map(e, true);
    }

    private static Mapped map(Throwable e, boolean item) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            Mapped m = ownType(c, item);
            if (m != null) {
                return m;
            }
        }
        return generalType(e);
    }

    /** radio4j's types and LangChain4j's (when they do not just wrap one of radio-core's); null for others. */
    private static Mapped ownType(Throwable e, boolean item) {
        return switch (e) {
            case ApiProblemException p -> mapped(p.status(), p.title(), p.detail(), null, "http_" + p.status(), null);
            case BudgetRequestException b ->
                mapped(422, "Invalid token-budget request", b.getMessage(), null, "token_budget", null);
            case DimensionMismatchException d ->
                mapped(
                        409,
                        "Index built with another model",
                        MODEL_CHANGED + " (" + d.getMessage() + ")",
                        null,
                        "index_model_changed",
                        null);
            case ImageException ie -> image(ie);
            case BatchException b
            when !b.failures().isEmpty() -> item ? map(b.failures().firstEntry().getValue(), true) : batch(b);
            case BackendException be -> backend(be);
            case RadioInputException ri -> mapped(422, "Invalid input", ri.getMessage(), null, "input", null);
            case RadioException r ->
                mapped(
                        500,
                        "Model error",
                        "the model does not behave as its contract says; see the service log",
                        null,
                        "model",
                        Logger.Level.ERROR);
            case RetriableException r
            when !(r.getCause() instanceof RadioException) ->
                mapped(503, "Backend unavailable", BACKEND_DOWN, null, "backend_unavailable", Logger.Level.WARN);
            case InvalidRequestException ir
            when !(ir.getCause() instanceof RadioException) ->
                mapped(422, "Invalid input", ir.getMessage(), null, "input", null);
            default -> null;
        };
    }

    private static Mapped image(ImageException e) {
        int status = switch (e.reason()) {
            case TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_MANY_FRAMES -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            default -> 422;
        };
        return mapped(status, "Invalid image", e.getMessage(), e.reason().name(), "image", null);
    }

    private static Mapped batch(BatchException e) {
        // One bad item fails the request; the answer is the first item's own problem, with its index.
        Map.Entry<Integer, RadioException> first = e.failures().firstEntry();
        Mapped item = map(first.getValue(), false);
        Problem p = item.problem();
        String detail = "item " + first.getKey() + ": " + p.detail()
                + (e.failures().size() > 1 ? " (" + e.failures().size() + " items failed)" : "");
        return new Mapped(new Problem(p.type(), p.title(), p.status(), detail, p.reason()), item.cause(), item.log());
    }

    /** The backend's failure reasons and their statuses: the one place that decides them. */
    private static Mapped backend(BackendException e) {
        return switch (e.reason()) {
            case UNAVAILABLE, MODEL_NOT_FOUND ->
                mapped(
                        503,
                        "Backend unavailable",
                        BACKEND_DOWN,
                        e.reason().name(),
                        "backend_unavailable",
                        Logger.Level.WARN);
            // The call's one deadline passed (the backend is slow or paused) and the call was cancelled.
            case DEADLINE_EXCEEDED ->
                mapped(
                        504,
                        "Backend deadline exceeded",
                        "the inference backend did not answer within the deadline; retry later",
                        e.reason().name(),
                        "backend_deadline",
                        Logger.Level.WARN);
            // The backend (or this service's limit in front of it) is over capacity: slow down.
            case RESOURCE_EXHAUSTED ->
                mapped(
                        429,
                        "Backend busy",
                        "the inference backend is over capacity; retry later",
                        e.reason().name(),
                        "backend_exhausted",
                        Logger.Level.WARN);
            case INVALID_REQUEST ->
                mapped(422, "Invalid input", e.getMessage(), e.reason().name(), "backend_invalid_request", null);
            default ->
                mapped(
                        500,
                        "Backend error",
                        "the inference backend failed; see the service log",
                        e.reason().name(),
                        "backend_internal",
                        Logger.Level.ERROR);
        };
    }

    /** The JDK's, Jackson's and JAX-RS's types, thrown at the top of the chain; 500 for anything else. */
    private static Mapped generalType(Throwable e) {
        return switch (e) {
            // A record refused its values in its compact constructor: the cause names the problem.
            case ValueInstantiationException v
            when v.getCause() instanceof IllegalArgumentException iae -> argument(iae);
            // The original message names the field and position; the location suffix names internals.
            case JsonProcessingException j ->
                mapped(400, "Malformed JSON", plainWords(j.getOriginalMessage()), null, "json", null);
            case IllegalArgumentException iae -> argument(iae);
            case WebApplicationException w -> {
                int status = w.getResponse().getStatus();
                String title = w.getResponse().getStatusInfo().getReasonPhrase();
                yield mapped(
                        status,
                        title,
                        w.getMessage() == null ? title : w.getMessage(),
                        null,
                        "http_" + status,
                        status >= 500 ? Logger.Level.ERROR : null);
            }
            // An unterminated multipart body, a client that went away or was cut off for sending too
            // slowly: the client's fault, so 400 and no stack trace in the log.
            case IOException io ->
                mapped(
                        400,
                        "Malformed request body",
                        "the request body could not be read completely "
                                + "(truncated, an unterminated multipart part, or the connection closed)",
                        null,
                        "body",
                        Logger.Level.DEBUG);
            default ->
                mapped(
                        500,
                        "Internal error",
                        "the service failed unexpectedly; see its log",
                        null,
                        "internal",
                        Logger.Level.ERROR);
        };
    }

    private static Mapped argument(IllegalArgumentException e) {
        return mapped(422, "Invalid value", e.getMessage(), null, "argument", null);
    }

    private static Mapped mapped(
            int status, String title, String detail, String reason, String cause, Logger.Level log) {
        return new Mapped(new Problem(null, title, status, detail, reason), cause, log);
    }

    private static final Pattern JAVA_TYPE =
            Pattern.compile("`?\\b(?:[a-z][\\w$]*\\.)+([A-Z][\\w$]*)(?:<[^`>]*>)?`?|`(int|long|double|float|boolean)`");

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
}
