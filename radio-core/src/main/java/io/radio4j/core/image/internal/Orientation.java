package io.radio4j.core.image.internal;

/**
 * Applies an EXIF orientation the way Pillow's {@code ImageOps.exif_transpose} does, with the
 * {@code Image.transpose} method it picks for each value: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180,
 * 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90 (Pillow rotates
 * counter-clockwise).
 */
public final class Orientation {

    private Orientation() {}

    /** The oriented image; {@code image} itself for orientation 1. */
    public static RgbImage apply(RgbImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int h = image.height();
        int w = image.width();
        byte[] in = image.rgb();
        boolean swap = orientation >= 5;
        int oh = swap ? w : h;
        int ow = swap ? h : w;
        byte[] out = new byte[image.byteCount()];
        int o = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++, o += 3) {
                int sy;
                int sx;
                switch (orientation) {
                    case 2 -> {
                        sy = y;
                        sx = w - 1 - x;
                    }
                    case 3 -> {
                        sy = h - 1 - y;
                        sx = w - 1 - x;
                    }
                    case 4 -> {
                        sy = h - 1 - y;
                        sx = x;
                    }
                    case 5 -> {
                        sy = x;
                        sx = y;
                    }
                    case 6 -> {
                        sy = h - 1 - x;
                        sx = y;
                    }
                    case 7 -> {
                        sy = h - 1 - x;
                        sx = w - 1 - y;
                    }
                    default -> {
                        sy = x;
                        sx = w - 1 - y;
                    }
                }
                int s = (sy * w + sx) * 3;
                out[o] = in[s];
                out[o + 1] = in[s + 1];
                out[o + 2] = in[s + 2];
            }
        }
        return new RgbImage(oh, ow, out);
    }
}
