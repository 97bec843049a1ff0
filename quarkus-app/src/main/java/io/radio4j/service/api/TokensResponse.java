package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.radio4j.tokenbudget.BudgetDecision;

/**
 * The answer of {@code POST /v1/radio1d/tokens}.
 *
 * @param numTokens visual tokens returned (prefix tokens not counted)
 * @param dimension width of each token
 * @param prefixTokens the model's prefix tokens (cls and registers), not included in {@code tokens}
 * @param tokens base64 little-endian FP16 of {@code numTokens × dimension} values, token-major
 * @param decision the token-budget controller's decision when a TTFT target chose the count; pass
 *     it back to {@code POST /v1/token-budget/observations} with the measured TTFT
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokensResponse(
        String model,
        int height,
        int width,
        @JsonProperty("num_tokens") int numTokens,
        int dimension,
        @JsonProperty("prefix_tokens") int prefixTokens,
        String dtype,
        String tokens,
        BudgetDecision decision) {}
