package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code POST /v1/embeddings}: {@code {"object":"list","data":[...],"model","usage"}}.
 *
 * @param data one entry per input, in input order
 */
public record EmbeddingsResponse(String object, List<Item> data, String model, Usage usage) {

    public EmbeddingsResponse {
        data = List.copyOf(data);
    }

    /**
     * One embedding.
     *
     * @param embedding a JSON array of floats, or a base64 string of little-endian FP32
     */
    public record Item(String object, int index, Object embedding) {}

    /**
     * What the request cost.
     *
     * @param promptTokens text tokens read by the text tower (up to EOS, no padding)
     * @param totalTokens the same: embeddings produce no output tokens
     * @param images images embedded
     */
    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("total_tokens") int totalTokens,
            int images) {}
}
