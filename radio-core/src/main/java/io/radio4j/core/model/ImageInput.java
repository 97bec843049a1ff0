package io.radio4j.core.model;

import io.radio4j.triton.DataType;
import java.util.Objects;

/**
 * The image input of a RADIO model, as its metadata declares it: either UINT8 {@code image}
 * [H, W, 3] (RGB, HWC; the default wire format, normalised inside the graph) or the Hugging Face
 * style alternative, FP32/FP16 {@code pixel_values} [3, H, W] (RGB, CHW, values in [0, 1]).
 *
 * @param name tensor name ({@value #UINT8_HWC_NAME} or {@value #FLOAT_CHW_NAME})
 * @param height fixed height in pixels, or -1 when the model accepts any multiple of the patch size
 * @param width fixed width in pixels, or -1 when variable
 * @param dataType UINT8 for HWC; FP32, FP16 or BF16 for CHW
 * @param bounds the sizes a variable-size engine accepts, {@link ImageBounds#NONE} if unknown
 */
public record ImageInput(String name, int height, int width, DataType dataType, ImageBounds bounds) {

    /**
     * The smallest and largest height × width a variable-size engine accepts (its TensorRT
     * optimisation profile), published in config.pbtxt as the parameters {@value #MIN_HW_PARAMETER}
     * and {@value #MAX_HW_PARAMETER} ({@code "224x224"}). Zero means no bound is known.
     *
     * @param minHeight smallest height, or 0
     * @param minWidth smallest width, or 0
     * @param maxHeight largest height, or 0
     * @param maxWidth largest width, or 0
     */
    public record ImageBounds(int minHeight, int minWidth, int maxHeight, int maxWidth) {

        /** No known bounds. */
        public static final ImageBounds NONE = new ImageBounds(0, 0, 0, 0);

        /** @throws IllegalArgumentException if a value is negative or a minimum exceeds its maximum */
        public ImageBounds {
            if (minHeight < 0
                    || minWidth < 0
                    || maxHeight < 0
                    || maxWidth < 0
                    || (maxHeight > 0 && minHeight > maxHeight)
                    || (maxWidth > 0 && minWidth > maxWidth)) {
                throw new IllegalArgumentException(
                        "invalid image bounds " + minHeight + "x" + minWidth + ".." + maxHeight + "x" + maxWidth);
            }
        }

        boolean contains(int h, int w) {
            return h >= minHeight
                    && w >= minWidth
                    && (maxHeight == 0 || h <= maxHeight)
                    && (maxWidth == 0 || w <= maxWidth);
        }
    }

    /** config.pbtxt parameter with the smallest accepted {@code HxW}. */
    public static final String MIN_HW_PARAMETER = "image_min_hw";
    /** config.pbtxt parameter with the largest accepted {@code HxW}. */
    public static final String MAX_HW_PARAMETER = "image_max_hw";

    /** Name of the UINT8 HWC input. */
    public static final String UINT8_HWC_NAME = "image";
    /** Name of the floating-point CHW input. */
    public static final String FLOAT_CHW_NAME = "pixel_values";

    /** @throws IllegalArgumentException if the name is blank, a size is below -1 or zero, or the type is not an image type */
    public ImageInput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("image input name is blank");
        }
        if (height == 0 || height < -1 || width == 0 || width < -1) {
            throw new IllegalArgumentException("image input size must be positive or -1, got " + height + "x" + width);
        }
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(bounds, "bounds");
        if (dataType != DataType.UINT8
                && dataType != DataType.FP32
                && dataType != DataType.FP16
                && dataType != DataType.BF16) {
            throw new IllegalArgumentException("image input must be UINT8, FP32, FP16 or BF16, got " + dataType);
        }
    }

    /** A UINT8 HWC input without known bounds. */
    public ImageInput(String name, int height, int width) {
        this(name, height, width, DataType.UINT8, ImageBounds.NONE);
    }

    /** Whether the model takes floating-point CHW in [0, 1] rather than UINT8 HWC. */
    public boolean isChw() {
        return dataType != DataType.UINT8;
    }

    /** Whether the model takes exactly one resolution. */
    public boolean isFixed() {
        return height > 0 && width > 0;
    }

    /** Whether {@code h} × {@code w} is accepted: equal to the fixed size, else multiples of {@code step}. */
    public boolean accepts(int h, int w, int step) {
        boolean hOk = height > 0 ? h == height : h > 0 && h % step == 0;
        boolean wOk = width > 0 ? w == width : w > 0 && w % step == 0;
        return hOk && wOk && bounds.contains(h, w);
    }

    /** The accepted sizes, for messages. */
    public String describe(int step) {
        String sizes = (height > 0 ? String.valueOf(height) : "any multiple of " + step) + " x "
                + (width > 0 ? String.valueOf(width) : "any multiple of " + step);
        if (bounds.equals(ImageBounds.NONE)) {
            return sizes;
        }
        return sizes + " from " + bounds.minHeight() + "x" + bounds.minWidth() + " to "
                + (bounds.maxHeight() == 0 ? "any" : bounds.maxHeight() + "x" + bounds.maxWidth());
    }
}
