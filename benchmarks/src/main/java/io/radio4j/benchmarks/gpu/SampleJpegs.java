package io.radio4j.benchmarks.gpu;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Deterministic photo-like JPEGs for benchmarks and tests, so the suite needs no image files.
 *
 * <p>Smooth gradients and blobs plus per-pixel noise: pure noise would make Huffman decoding
 * dominate far more than in photographs, and flat colour far less (the decode cost of a JPEG grows
 * with its compressed size). The same seed gives the same bytes on every JDK that ships the same
 * JPEG encoder. Stateless and thread-safe.
 */
public final class SampleJpegs {

    /** Quality of {@link #jpeg(int, int, long)}: a common camera/web setting. */
    public static final float DEFAULT_QUALITY = 0.9f;

    private SampleJpegs() {}

    /**
     * A baseline 4:2:0 JPEG of the given size.
     *
     * @throws IllegalArgumentException if a side is outside 1..8192
     */
    public static byte[] jpeg(int width, int height, long seed) {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("sample image sides must be in 1..8192: " + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] blobs = new double[12][];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = new double[] {
                random.nextDouble() * width,
                random.nextDouble() * height,
                (0.05 + random.nextDouble() * 0.3) * Math.max(width, height),
                random.nextInt(256),
                random.nextInt(256),
                random.nextInt(256)
            };
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = 255.0 * x / width;
                double g = 255.0 * y / height;
                double b = 128;
                for (double[] blob : blobs) {
                    double dx = x - blob[0];
                    double dy = y - blob[1];
                    double w = Math.exp(-(dx * dx + dy * dy) / (blob[2] * blob[2]));
                    r += w * (blob[3] - r);
                    g += w * (blob[4] - g);
                    b += w * (blob[5] - b);
                }
                int noise = random.nextInt(25) - 12;
                image.setRGB(x, y, (clamp(r + noise) << 16) | (clamp(g + noise) << 8) | clamp(b + noise));
            }
        }
        return encode(image, DEFAULT_QUALITY);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static byte[] encode(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding of a sample image failed", e);
        } finally {
            writer.dispose();
        }
    }
}
