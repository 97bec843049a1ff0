package io.radio4j.core.model;

import io.radio4j.triton.DataType;
import java.util.Objects;

/**
 * What a C-RADIOv4 model serves, read from its metadata: UINT8 {@code image} [H, W, 3] →
 * {@code summary} [S] and {@code features} [H/16 · W/16, F] (NLC, prefix tokens excluded).
 *
 * @param model model name
 * @param maxBatchSize the model's {@code max_batch_size} (&gt; 0)
 * @param image the image input
 * @param summaryDimension S (2560 for C-RADIOv4-H)
 * @param featureDimension F (1280 for C-RADIOv4-H)
 * @param featureType datatype of {@code features} (FP32, FP16 or BF16; returned as float)
 */
public record CRadioContract(
        String model,
        int maxBatchSize,
        ImageInput image,
        int summaryDimension,
        int featureDimension,
        DataType featureType) {

    /** Summary output name. */
    public static final String SUMMARY = "summary";
    /** Features output name. */
    public static final String FEATURES = "features";

    /** @throws IllegalArgumentException if a value is null or not positive */
    public CRadioContract {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(featureType, "featureType");
        if (maxBatchSize < 1 || summaryDimension < 1 || featureDimension < 1) {
            throw new IllegalArgumentException("batch size and dimensions must be positive");
        }
    }
}
