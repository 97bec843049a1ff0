package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code POST /v1/images/embeddings}.
 *
 * @param data one entry per uploaded file, in upload order
 * @param height the resolution images were resized to
 * @param width the resolution images were resized to
 * @param resizeMode how they were resized
 */
public record ImageEmbeddingsResponse(
        String object,
        List<Item> data,
        String model,
        int height,
        int width,
        @JsonProperty("resize_mode") String resizeMode) {

    public ImageEmbeddingsResponse {
        data = List.copyOf(data);
    }

    /**
     * One file's embedding.
     *
     * @param embedding a JSON array of floats or base64 little-endian FP32
     */
    public record Item(
            String object,
            int index,
            @JsonProperty("file_name") String fileName,
            Object embedding) {}
}
