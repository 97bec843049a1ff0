package io.radio4j.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The service's token-budget controller, under {@code radio4j.token-budget}. Every key has a
 * default, so the section may be left out (then: the RADIO1D card's profile, p90, no shedding).
 */
@ConfigMapping(prefix = "radio4j.token-budget")
public interface TokenBudgetConfig {

    /**
     * A calibration profile JSON (see the tokenbudget module's calibration command); empty for the
     * bundled model-card profile.
     */
    Optional<String> profile();

    /** TTFT target in ms used when a request gives none; empty means a request must give one. */
    Optional<Double> defaultTtftTargetMs();

    /** Quantile of requests that should meet the target, when a request gives none. */
    @WithDefault("0.9")
    double quantile();

    /** Whether requests whose floors miss the target even without margin are shed (answer 429). */
    @WithDefault("false")
    boolean shed();

    /** Time between probes sent at the floors while shedding. */
    @WithDefault("500ms")
    Duration probeInterval();

    /** Fewest tokens per image, by task class name (overrides the profile's floors), e.g. {@code floors.dense-reading=32}. */
    Map<String, Integer> floors();

    /** Largest safety margin, ms. */
    @WithDefault("150")
    double maxMarginMs();

    /** Largest safety margin as a fraction of the target. */
    @WithDefault("0.25")
    double maxMarginFraction();

    /** Prediction errors older than this stop counting for the margin. */
    @WithDefault("10s")
    Duration marginWindow();

    /** Most images one request may carry. */
    @WithDefault("1024")
    int maxImages();

    /** Most text tokens one request may carry. */
    @WithDefault("1048576")
    int maxTextTokens();
}
