package io.radio4j.core.image;

/**
 * How an image is brought to the model's input size. Every mode resizes with Pillow's antialiased
 * bicubic filter (a = -0.5); they differ only in the output geometry.
 */
public enum ResizeMode {
    /** Resize to exactly H×W, ignoring the aspect ratio (the transformers {@code RadioModel} example). */
    SQUASH,
    /**
     * open_clip's validation transform, the one TAO RADIO-CLIP was trained with: torchvision
     * {@code Resize(S, BICUBIC)} then {@code CenterCrop(S)} on the PIL image. Shortest edge to S, long
     * edge {@code int(S * long / short)} (truncated), then an S×S crop at
     * {@code top = int(round((h' - S) / 2.0))}, {@code left = int(round((w' - S) / 2.0))} with
     * Python's round (half to even); see {@link ResizeSpec#centerCropOffset}. Example: 640×480 at
     * 224 resizes to 298×224 and crops from column 37. Not HF {@code CLIPImageProcessor}'s crop,
     * which floors the offset (column 37 here too, but 38 against 37 when h' - S is 75).
     */
    CENTER_CROP,
    /**
     * Shortest edge to S, long edge scaled and rounded (half up) to the nearest multiple of 16, at
     * least 16: RADIO's native aspect ratio with a patch-aligned size.
     */
    SNAP16
}
