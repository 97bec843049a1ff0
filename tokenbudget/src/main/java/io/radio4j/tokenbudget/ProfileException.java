package io.radio4j.tokenbudget;

/**
 * A calibration profile is unusable: empty, token counts outside {@code 1..256}, TTFT that falls as
 * tokens grow, malformed JSON, or an unreadable file. The message names the offending entry.
 */
public class ProfileException extends TokenBudgetException {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
