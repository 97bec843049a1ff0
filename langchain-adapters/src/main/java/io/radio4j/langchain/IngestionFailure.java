package io.radio4j.langchain;

import java.util.Objects;

/**
 * One image that could not be ingested; the others were.
 *
 * @param reference the image's reference (path or given name)
 * @param message why, in words a user can act on
 * @param cause the exception, or null (e.g. a folder that could not be listed)
 */
public record IngestionFailure(String reference, String message, Throwable cause) {

    /** @throws NullPointerException if reference or message is null */
    public IngestionFailure {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(message, "message");
    }
}
