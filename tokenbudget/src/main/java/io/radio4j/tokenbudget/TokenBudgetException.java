package io.radio4j.tokenbudget;

/**
 * Unchecked root of every failure this module reports: an invalid calibration profile, an invalid
 * request, or an observation that cannot be used. The message names the offending value.
 */
public class TokenBudgetException extends RuntimeException {

    public TokenBudgetException(String message) {
        super(message);
    }

    public TokenBudgetException(String message, Throwable cause) {
        super(message, cause);
    }
}
