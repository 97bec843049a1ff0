package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /v1/token-budget}: one VLM request about to be sent.
 *
 * @param images images in the request (default 1)
 * @param imageClasses empty, or one task class per image (as the calibration profile names them)
 * @param textTokens prompt text tokens (default 128)
 * @param ttftTargetMs the time-to-first-token target in ms (required)
 * @param quantile share of requests that should meet it (default 0.9)
 * @param maxTotalTokens optional cap on visual tokens of all images together
 */
public record TokenBudgetRequest(
        Integer images,
        @JsonProperty("image_classes") List<String> imageClasses,
        @JsonProperty("text_tokens") Integer textTokens,
        @JsonProperty("ttft_target_ms") Double ttftTargetMs,
        Double quantile,
        @JsonProperty("max_total_tokens") Integer maxTotalTokens) {

    public TokenBudgetRequest {
        imageClasses = imageClasses == null ? null : List.copyOf(imageClasses);
    }
}
