package io.radio4j.core.model;

import io.radio4j.triton.DataType;
import java.util.Objects;
import java.util.Optional;

/**
 * What the RADIO-CLIP text tower serves: {@code input_ids} [L] (INT64, or INT32) → {@code embedding}
 * [D], L2-normalised; optionally SigLIP's logit scale and bias from the config's parameters.
 *
 * @param model model name
 * @param maxBatchSize the model's {@code max_batch_size} (&gt; 0)
 * @param idsType datatype of {@code input_ids}
 * @param contextLength L (64 for SigLIP 2)
 * @param dimension D
 * @param calibration logit scale and bias, when the config publishes both
 */
public record ClipTextContract(
        String model,
        int maxBatchSize,
        DataType idsType,
        int contextLength,
        int dimension,
        Optional<SigLipCalibration> calibration) {

    /** Token-id input name. */
    public static final String INPUT_IDS = "input_ids";

    /** @throws IllegalArgumentException if a value is null or not positive */
    public ClipTextContract {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idsType, "idsType");
        Objects.requireNonNull(calibration, "calibration");
        if (maxBatchSize < 1 || contextLength < 2 || dimension < 1) {
            throw new IllegalArgumentException("batch size, context length and dimension out of range");
        }
    }
}
