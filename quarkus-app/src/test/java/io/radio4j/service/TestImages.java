package io.radio4j.service;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Small synthetic images for the endpoint tests. */
final class TestImages {

    private TestImages() {}

    /** A PNG of this size: a colour gradient with a square of the given colour, so images differ. */
    static byte[] png(int width, int height, Color square) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color(x * 255 / width, y * 255 / height, 128).getRGB());
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(square);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(img, "png");
    }

    static byte[] png(int width, int height) {
        return png(width, height, Color.RED);
    }

    static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
