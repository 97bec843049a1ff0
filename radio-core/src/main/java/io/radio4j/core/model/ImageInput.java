package io.radio4j.core.model;

/**
 * The UINT8 HWC image input of a RADIO model, as its metadata declares it ({@code [-1, H, W, 3]}
 * with the batch dimension).
 *
 * @param name tensor name (normally {@code image})
 * @param height fixed height in pixels, or -1 when the model accepts any multiple of the patch size
 * @param width fixed width in pixels, or -1 when variable
 */
public record ImageInput(String name, int height, int width) {

    /** @throws IllegalArgumentException if the name is blank or a size is below -1 or zero */
    public ImageInput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("image input name is blank");
        }
        if (height == 0 || height < -1 || width == 0 || width < -1) {
            throw new IllegalArgumentException("image input size must be positive or -1, got " + height + "x" + width);
        }
    }

    /** Whether the model takes exactly one resolution. */
    public boolean isFixed() {
        return height > 0 && width > 0;
    }

    /** Whether {@code h} × {@code w} is accepted: equal to the fixed size, else multiples of {@code step}. */
    public boolean accepts(int h, int w, int step) {
        boolean hOk = height > 0 ? h == height : h > 0 && h % step == 0;
        boolean wOk = width > 0 ? w == width : w > 0 && w % step == 0;
        return hOk && wOk;
    }

    /** The accepted sizes, for messages. */
    public String describe(int step) {
        return (height > 0 ? String.valueOf(height) : "any multiple of " + step) + " x "
                + (width > 0 ? String.valueOf(width) : "any multiple of " + step);
    }
}
