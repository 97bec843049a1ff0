package io.radio4j.core;

/**
 * A request radio-core refuses before anything is sent to a model: an empty or oversized text, a
 * token count outside the model's range, an image of the wrong size, a batch over a configured
 * limit. The message names the value and the limit. Never retryable: the same input fails again.
 */
public class RadioInputException extends RadioException {

    /** @param message the offending value and the rule it breaks */
    public RadioInputException(String message) {
        super(message, null, false);
    }

    /**
     * @param message the offending value and the rule it breaks
     * @param cause the underlying failure, or {@code null}
     */
    public RadioInputException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
