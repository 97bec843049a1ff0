package io.radio4j.core.model;

import java.util.Objects;

/**
 * What the RADIO-CLIP image tower serves: UINT8 {@code image} [224, 224, 3] → {@code embedding} [D],
 * L2-normalised.
 *
 * @param model model name
 * @param maxBatchSize the model's {@code max_batch_size} (&gt; 0)
 * @param image the image input
 * @param dimension D (1536 for the SigLIP 2-g adaptor; read from the engine, not from a card)
 */
public record ClipVisionContract(String model, int maxBatchSize, ImageInput image, int dimension) {

    /** Embedding output name (both towers). */
    public static final String EMBEDDING = "embedding";

    /** @throws IllegalArgumentException if a value is null or not positive */
    public ClipVisionContract {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(image, "image");
        if (maxBatchSize < 1 || dimension < 1) {
            throw new IllegalArgumentException("batch size and dimension must be positive");
        }
    }
}
