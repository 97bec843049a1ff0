package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST /v1/images/features}: the dense C-RADIO features of one image.
 *
 * @param gridHeight patch rows (resized height / 16)
 * @param gridWidth patch columns
 * @param channels feature width
 * @param layout always {@code NLC}: patch-major, row by row, each patch's channels contiguous
 * @param dtype {@code float16} (base64 little-endian IEEE binary16) or {@code float32} (JSON array)
 * @param features the features in that dtype
 * @param summary the image's summary vector (float array)
 * @param visualization a {@code data:image/png;base64,} URL of the PCA picture, when asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeaturesResponse(
        String model,
        int height,
        int width,
        @JsonProperty("resize_mode") String resizeMode,
        @JsonProperty("grid_height") int gridHeight,
        @JsonProperty("grid_width") int gridWidth,
        int channels,
        String layout,
        String dtype,
        Object features,
        float[] summary,
        String visualization) {}
