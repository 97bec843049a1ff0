package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

/**
 * {@code POST /v1/embeddings}, in the OpenAI / NV-CLIP shape.
 *
 * @param model {@code radio_clip} (default; texts and images in one space) or a C-RADIOv4 model
 *     ({@code c_radio_v4_h}, {@code c_radio_v4_so400m}; images only, the summary vector)
 * @param input one string or a list: texts, {@code data:image/...;base64,} URLs, or (when enabled)
 *     {@code http(s)} image URLs
 * @param encodingFormat {@code float} (default) or {@code base64} (little-endian FP32, as OpenAI)
 */
public record EmbeddingsRequest(
        String model,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonDeserialize(contentUsing = StrictStringDeserializer.class) List<String> input,
        @JsonProperty("encoding_format") String encodingFormat) {

    public EmbeddingsRequest {
        input = input == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(input));
    }
}
