package io.radio4j.core.model;

import java.util.List;

/**
 * The Triton model names and fixed facts of the RADIO families this library serves (see the
 * project's design brief, "Model contracts"). Everything else (widths, resolutions, batch sizes)
 * is read from the serving engine at run time.
 */
public final class RadioModels {

    /** C-RADIOv4-H: summary 2560, features 1280 per patch. */
    public static final String C_RADIO_V4_H = "c_radio_v4_h";
    /** C-RADIOv4-SO400M: summary 2304, features 1152 per patch. */
    public static final String C_RADIO_V4_SO400M = "c_radio_v4_so400m";
    /** RADIO1D on C-RADIOv4-H: 10 prefix tokens then up to (H/32)·(W/32) nested tokens of width 2560. */
    public static final String RADIO1D_H = "radio1d_h";
    /** RADIO-CLIP image tower (SigLIP 2-g adaptor), 224 × 224 input, L2-normalised embedding. */
    public static final String RADIO_CLIP_VISION = "radio_clip_vision";
    /** RADIO-CLIP text tower (SigLIP 2-g), 64 token ids in, L2-normalised embedding. */
    public static final String RADIO_CLIP_TEXT = "radio_clip_text";

    /** Every model name above. */
    public static final List<String> ALL =
            List.of(C_RADIO_V4_H, C_RADIO_V4_SO400M, RADIO1D_H, RADIO_CLIP_VISION, RADIO_CLIP_TEXT);

    /**
     * Suffix of the ensemble that takes encoded images (BYTES {@code image_bytes}, one per item) and
     * decodes them on the server before the engine: {@code c_radio_v4_h_bytes} for {@code c_radio_v4_h}.
     */
    public static final String BYTES_SUFFIX = "_bytes";
    /** The image models, whose repositories may also hold a {@code <model>_bytes} ensemble. */
    public static final List<String> IMAGE_MODELS =
            List.of(C_RADIO_V4_H, C_RADIO_V4_SO400M, RADIO1D_H, RADIO_CLIP_VISION);
    /** {@link #ALL} and the {@code <model>_bytes} ensemble of every image model. */
    public static final List<String> ALL_WITH_BYTES = java.util.stream.Stream.concat(
                    ALL.stream(), IMAGE_MODELS.stream().map(RadioModels::bytesModel))
            .toList();

    /** The name of the ensemble that takes {@code model}'s images encoded. */
    public static String bytesModel(String model) {
        return model + BYTES_SUFFIX;
    }

    /** RADIO's patch size in pixels: images are multiples of it, features are per patch. */
    public static final int PATCH_SIZE = 16;
    /** Tokens before the patch tokens in RADIO's sequence: 3 class tokens and 7 registers. */
    public static final int PREFIX_TOKENS = 10;
    /** RADIO1D merges 2 × 2 patches, so one token covers 32 × 32 pixels. */
    public static final int RADIO1D_TOKEN_PIXELS = 32;

    /** The file stored beside the RADIO-CLIP text model's config.pbtxt. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** config.pbtxt parameter holding SigLIP's logit scale (before exp), as a string float. */
    public static final String LOGIT_SCALE_PARAMETER = "logit_scale";
    /** config.pbtxt parameter holding SigLIP's logit bias, as a string float. */
    public static final String LOGIT_BIAS_PARAMETER = "logit_bias";

    private RadioModels() {}
}
