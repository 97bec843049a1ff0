package io.radio4j.benchmarks.perfanalyzer;

import io.radio4j.core.image.ResizeSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The request shape of each model of radio4j's Triton model repository, as the perf_analyzer kit
 * and the load generator need it: input names, default geometry and the largest batch its engine
 * accepts. Mirrors the production specs of {@code triton-model-repo} (export/radio4j_export/specs.py).
 */
public enum ModelPreset {
    /** C-RADIOv4-H: UINT8 [H, W, 3], H and W multiples of 16 (engine profile 224..1024, opt 512). */
    C_RADIO_V4_H("c_radio_v4_h", "image", ResizeSpec.squash(512, 512), 8, 0),
    /** C-RADIOv4-SO400M: same contract as H. */
    C_RADIO_V4_SO400M("c_radio_v4_so400m", "image", ResizeSpec.squash(512, 512), 8, 0),
    /** RADIO1D-H: UINT8 [512, 512, 3] plus INT32 num_tokens [1] (256 = all tokens at 512²). */
    RADIO1D_H("radio1d_h", "image", ResizeSpec.squash(512, 512), 16, 256),
    /** RADIO-CLIP image tower: UINT8 [224, 224, 3], open_clip center crop. */
    RADIO_CLIP_VISION("radio_clip_vision", "image", ResizeSpec.centerCrop(224), 64, 0),
    /** RADIO-CLIP text tower: INT64 input_ids [64]. */
    RADIO_CLIP_TEXT("radio_clip_text", "input_ids", null, 64, 0);

    /** Tensor name of the FP16/FP32 NCHW image variant (HF style). */
    public static final String PIXEL_VALUES = "pixel_values";
    /** Name of RADIO1D's token-count input. */
    public static final String NUM_TOKENS = "num_tokens";

    private final String modelName;
    private final String inputName;
    private final ResizeSpec defaultResize;
    private final int maxBatch;
    private final int defaultNumTokens;

    ModelPreset(String modelName, String inputName, ResizeSpec defaultResize, int maxBatch, int defaultNumTokens) {
        this.modelName = modelName;
        this.inputName = inputName;
        this.defaultResize = defaultResize;
        this.maxBatch = maxBatch;
        this.defaultNumTokens = defaultNumTokens;
    }

    /** The Triton model name. */
    public String modelName() {
        return modelName;
    }

    /** The main input's tensor name in the UINT8 (or token) contract. */
    public String inputName() {
        return inputName;
    }

    /** Whether the model takes images (false: token ids). */
    public boolean isImageModel() {
        return defaultResize != null;
    }

    /** The default geometry, or null for the text tower. */
    public ResizeSpec defaultResize() {
        return defaultResize;
    }

    /** The engine's max batch size (config {@code max_batch_size}). */
    public int maxBatch() {
        return maxBatch;
    }

    /** Whether the model has RADIO1D's num_tokens input. */
    public boolean hasNumTokens() {
        return defaultNumTokens > 0;
    }

    /** The default num_tokens value (0 when the model has none). */
    public int defaultNumTokens() {
        return defaultNumTokens;
    }

    /**
     * The preset of a Triton model name.
     *
     * @throws IllegalArgumentException naming the known models if there is none
     */
    public static ModelPreset of(String modelName) {
        for (ModelPreset preset : values()) {
            if (preset.modelName.equals(modelName) || preset.name().equals(modelName.toUpperCase(Locale.ROOT))) {
                return preset;
            }
        }
        throw new IllegalArgumentException("unknown model '" + modelName + "'; known: "
                + Arrays.stream(values()).map(ModelPreset::modelName).collect(Collectors.joining(", ")));
    }
}
