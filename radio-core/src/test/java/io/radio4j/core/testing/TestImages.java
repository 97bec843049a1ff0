package io.radio4j.core.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small deterministic images encoded on the fly, shared by every module's tests through radio-core's
 * test-jar. Every method takes {@code width, height} first (the {@link BufferedImage} order) and
 * returns the same bytes for the same arguments.
 */
public final class TestImages {

    private TestImages() {}

    /** A PNG of a colour gradient; {@code seed} varies the colours. */
    public static byte[] gradient(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 7 + seed * 13) & 0xFF;
                int g = (y * 5 + seed * 29) & 0xFF;
                int b = ((x + y) * 3 + seed * 41) & 0xFF;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return encode(image, "png");
    }

    /** A PNG of a filled square (half the short edge) of colour {@code (r, g, b)} centred on mid-grey. */
    public static byte[] squareOnGrey(int width, int height, int r, int g, int b) {
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
        return encode(image, "png");
    }

    /** A PNG of a red-green gradient with a centred square (half of each edge) of colour {@code square}. */
    public static byte[] squareOnGradient(int width, int height, Color square) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, new Color(x * 255 / width, y * 255 / height, 128).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(square);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(image, "png");
    }

    /** {@link #squareOnGradient(int, int, Color)} with a red square. */
    public static byte[] squareOnGradient(int width, int height) {
        return squareOnGradient(width, height, Color.RED);
    }

    /** A PNG of one colour. */
    public static byte[] solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    /** A PNG of random coloured blocks, drawn from {@code seed}. */
    public static byte[] blocks(int width, int height, long seed) {
        return encode(drawBlocks(width, height, seed), "png");
    }

    /** A JPEG of the same picture as {@link #blocks(int, int, long)}. */
    public static byte[] blocksJpeg(int width, int height, long seed) {
        return encode(drawBlocks(width, height, seed), "jpg");
    }

    /** Encodes with ImageIO in {@code format} ("png", "jpg", "bmp", "gif", ...). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Standard Base64 of the bytes. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A {@code data:image/png;base64,} URL of PNG bytes. */
    public static String dataUrl(byte[] png) {
        return "data:image/png;base64," + base64(png);
    }

    private static BufferedImage drawBlocks(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(
                    random.nextInt(width),
                    random.nextInt(height),
                    1 + random.nextInt(width / 2),
                    1 + random.nextInt(height / 2));
        }
        g.dispose();
        return image;
    }
}
