package io.radio4j.core.model;

import io.radio4j.core.RadioException;

/**
 * A served model does not have the contract an encoder needs: a tensor is missing or has another
 * name, datatype or rank, a width is not fixed, the model does not batch, or a response disagrees
 * with the contract (a token or feature count that does not match the image). Raised when an
 * encoder is built, so a mismatched deployment fails at startup rather than giving wrong answers
 * later. Not retryable.
 */
public class ModelContractException extends RadioException {

    /** @param message the model, what was expected and what was found */
    public ModelContractException(String message) {
        super(message, null, false);
    }

    /**
     * @param message the model, what was expected and what was found
     * @param cause the underlying failure
     */
    public ModelContractException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
