package io.radio4j.service;

import io.radio4j.core.image.ResizeMode;
import java.util.Locale;

/**
 * The model, resolution and resize mode of an image endpoint, parsed from form fields and checked
 * against {@code radio4j.limits.min-resolution}/{@code max-resolution}.
 *
 * @param model the model name
 * @param height output height in pixels, a multiple of 16
 * @param width output width in pixels, a multiple of 16
 * @param mode how images are resized to it
 */
public record ImageOptions(String model, int height, int width, ResizeMode mode) {

    /**
     * @param resolution {@code "512"} (square) or {@code "HxW"} such as {@code "384x512"}; null for the default
     * @param resizeMode {@code squash}, {@code center_crop} or {@code snap16}; null for the default
     * @throws ApiProblemException 422 naming the field for anything malformed or out of range
     */
    public static ImageOptions parse(
            String model,
            String resolution,
            String resizeMode,
            int defaultResolution,
            ResizeMode defaultMode,
            RadioServiceConfig.Limits limits) {
        int h = defaultResolution;
        int w = defaultResolution;
        if (resolution != null && !resolution.isBlank()) {
            String[] parts = resolution.trim().toLowerCase(Locale.ROOT).split("x", -1);
            if (parts.length > 2) {
                throw ApiProblemException.unprocessable("resolution must be 'N' or 'HxW', got '" + resolution + "'");
            }
            h = side(parts[0], resolution);
            w = parts.length == 2 ? side(parts[1], resolution) : h;
        }
        for (int s : new int[] {h, w}) {
            if (s < limits.minResolution() || s > limits.maxResolution() || s % 16 != 0) {
                throw ApiProblemException.unprocessable("resolution sides must be multiples of 16 within "
                        + limits.minResolution() + ".." + limits.maxResolution()
                        + " (radio4j.limits.min-resolution / max-resolution), got " + h + "x" + w);
            }
        }
        ResizeMode mode = defaultMode;
        if (resizeMode != null && !resizeMode.isBlank()) {
            try {
                mode = ResizeMode.valueOf(
                        resizeMode.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw ApiProblemException.unprocessable(
                        "resize_mode must be squash, center_crop or snap16, got '" + resizeMode + "'");
            }
        }
        if (mode != ResizeMode.SQUASH && h != w) {
            throw ApiProblemException.unprocessable("resize_mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " takes a square resolution (one number), got " + h + "x" + w);
        }
        return new ImageOptions(model, h, w, mode);
    }

    private static int side(String s, String whole) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.unprocessable(
                    "resolution must be 'N' or 'HxW' with whole numbers, got '" + whole + "'");
        }
    }
}
