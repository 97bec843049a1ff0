package io.radio4j.core.image;

/**
 * How an image is brought to the model's input size. Every mode resizes with Pillow's antialiased
 * bicubic filter (a = -0.5); they differ only in the output geometry.
 */
public enum ResizeMode {
    /** Resize to exactly H×W, ignoring the aspect ratio (the transformers {@code RadioModel} example). */
    SQUASH,
    /**
     * Shortest edge to S (long edge = round(long·S/short), half up), then a centered S×S crop with
     * {@code top = (h - S) / 2}, {@code left = (w - S) / 2} (open_clip / TAO RADIO-CLIP).
     */
    CENTER_CROP,
    /**
     * Shortest edge to S, long edge scaled and rounded (half up) to the nearest multiple of 16, at
     * least 16: RADIO's native aspect ratio with a patch-aligned size.
     */
    SNAP16
}
