package io.radio4j.tokenbudget;

/**
 * What a {@link TokenBudgetController} has learned, for logs, metrics and the service's state
 * endpoint. Jackson-serialisable.
 *
 * @param shedding      whether the controller is in its shedding state (see its state machine)
 * @param levelTokens   tokens per image the last decision allowed (its budget over its images)
 * @param backlogMs     predicted engine work queued ahead of a request arriving now
 * @param queuedRequests requests in the queue model (fractional while being served)
 * @param marginMs      the margin of the last decision
 * @param model         the TTFT model's current parameters, with standard deviations
 * @param noiseMs       standard deviation of single TTFTs around the model
 * @param decisions     decisions made
 * @param observations  TTFTs observed
 * @param shed          requests shed
 * @param probes        probes sent while shedding
 */
public record ControllerState(
        boolean shedding,
        int levelTokens,
        double backlogMs,
        double queuedRequests,
        double marginMs,
        TtftParameters model,
        double noiseMs,
        long decisions,
        long observations,
        long shed,
        long probes) {}
