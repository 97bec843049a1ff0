package io.radio4j.tokenbudget;

/**
 * A snapshot of what the controller has learned, for metrics and debugging. Jackson-serialisable.
 *
 * @param levelTokens          tokens per image the load level currently allows
 * @param levelChanges         how often the level has changed since start
 * @param arrivalRatePerSecond smoothed rate of {@code decide} calls
 * @param backlogMs            predicted work queued ahead of a request arriving now
 * @param serviceScale         learned multiplier on the profile's service time
 * @param burstiness           learned multiplier on the M/D/1 wait quantile (1 = Poisson-like)
 * @param residualP90Ms        p90 of recent prediction errors (measured − predicted TTFT), NaN before any
 * @param decisions            decisions made
 * @param observations         observations used
 */
public record ControllerState(int levelTokens, long levelChanges, double arrivalRatePerSecond, double backlogMs,
                              double serviceScale, double burstiness, double residualP90Ms,
                              long decisions, long observations) {}
