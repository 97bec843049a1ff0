/**
 * The RADIO1D token-budget controller: {@link io.radio4j.tokenbudget.TokenBudgetController} picks
 * tokens per image for a VLM request ({@link io.radio4j.tokenbudget.BudgetRequest} →
 * {@link io.radio4j.tokenbudget.BudgetDecision}) to meet a TTFT target at a quantile at the best
 * expected accuracy, from a {@link io.radio4j.tokenbudget.CalibrationProfile} and the TTFTs fed back
 * to {@code observe}. Requests, decisions and state are Jackson-serialisable records; every failure
 * is a {@link io.radio4j.tokenbudget.TokenBudgetException}.
 */
package io.radio4j.tokenbudget;
