package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.radio4j.tokenbudget.BudgetDecision;

/**
 * One measured time-to-first-token for a decision this service made.
 *
 * @param decision the decision, exactly as {@code POST /v1/token-budget} returned it
 * @param measuredTtftMs the TTFT measured by the client, in ms
 */
public record TokenBudgetObservation(
        BudgetDecision decision,
        @JsonProperty("measured_ttft_ms") Double measuredTtftMs) {}
