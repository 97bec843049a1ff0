package io.radio4j.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Small encoded images made on the fly. */
public final class TestImages {

    private TestImages() {}

    /** A PNG of a filled square (half the short edge) centred on a mid-grey background. */
    public static byte[] squareOnGrey(int height, int width, int r, int g, int b) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int side = Math.min(height, width) / 2;
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = y >= top && y < top + side && x >= left && x < left + side;
                image.setRGB(x, y, inside ? (r << 16) | (g << 8) | b : 0x808080);
            }
        }
        return encode(image);
    }

    /** A PNG of a colour gradient; {@code seed} varies the colours. */
    public static byte[] png(int height, int width, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 7 + seed * 13) & 0xFF;
                int g = (y * 5 + seed * 29) & 0xFF;
                int b = ((x + y) * 3 + seed * 41) & 0xFF;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
