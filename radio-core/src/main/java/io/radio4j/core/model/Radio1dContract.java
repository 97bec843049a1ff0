package io.radio4j.core.model;

import io.radio4j.triton.DataType;
import java.util.Objects;

/**
 * What a RADIO1D model serves, read from its metadata: UINT8 {@code image} [H, W, 3], optionally
 * {@code num_tokens} [1] → {@code tokens} [P + n, D], where P prefix tokens (3 class tokens and 7
 * registers) precede n nested tokens, n ≤ (H/32)·(W/32).
 *
 * @param model model name
 * @param maxBatchSize the model's {@code max_batch_size} (&gt; 0)
 * @param image the image input
 * @param numTokensType datatype of the optional {@code num_tokens} input (INT32 or INT64), or
 *     {@code null} when the engine has none and always returns every token
 * @param tokenDimension D (2560 for RADIO1D-H)
 * @param prefixTokens P
 */
public record Radio1dContract(
        String model,
        int maxBatchSize,
        ImageInput image,
        DataType numTokensType,
        int tokenDimension,
        int prefixTokens) {

    /** Tokens output name. */
    public static final String TOKENS = "tokens";
    /** Optional token-count input name. */
    public static final String NUM_TOKENS = "num_tokens";
    /** config.pbtxt parameter that overrides the prefix-token count {@link RadioModels#PREFIX_TOKENS}. */
    public static final String PREFIX_TOKENS_PARAMETER = "prefix_tokens";

    /** @throws IllegalArgumentException if a value is null or out of range */
    public Radio1dContract {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(image, "image");
        if (maxBatchSize < 1 || tokenDimension < 1 || prefixTokens < 0) {
            throw new IllegalArgumentException("batch size and token dimension must be positive, prefix tokens >= 0");
        }
    }

    /** Whether the engine can return fewer than all tokens ({@code num_tokens} input). */
    public boolean supportsNumTokens() {
        return numTokensType != null;
    }

    /** Tokens available for an image of {@code height} × {@code width}: ceil(H/32) · ceil(W/32). */
    public static int maxTokens(int height, int width) {
        int step = RadioModels.RADIO1D_TOKEN_PIXELS;
        return ((height + step - 1) / step) * ((width + step - 1) / step);
    }
}
