package io.radio4j.tokenbudget;

/**
 * One measured point of the unloaded service-time curve: a request whose prompt holds
 * {@code totalTokens} tokens (visual plus text) reaches its first token after {@code ttftMs} on an
 * idle server.
 *
 * @param totalTokens visual plus text tokens of the prompt, at least 1
 * @param ttftMs      unloaded time to first token in milliseconds, finite and positive
 */
public record ServicePoint(int totalTokens, double ttftMs) {

    /** @throws ProfileException if a value is out of range */
    public ServicePoint {
        if (totalTokens < 1) {
            throw new ProfileException("total tokens of a service point must be at least 1, got " + totalTokens);
        }
        if (!Double.isFinite(ttftMs) || ttftMs <= 0) {
            throw new ProfileException(
                    "TTFT at " + totalTokens + " tokens must be a positive number of ms, got " + ttftMs);
        }
    }
}
