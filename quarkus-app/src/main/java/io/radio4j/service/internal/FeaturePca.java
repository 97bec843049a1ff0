package io.radio4j.service.internal;

import io.radio4j.core.encoder.SpatialFeatures;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import javax.imageio.ImageIO;

/**
 * The usual picture of dense ViT features: the first three principal components of the patch
 * features as red, green and blue, upsampled (bilinear) to the image's size, as PNG.
 *
 * <p>Written by hand because it is 3 eigenvectors of one small matrix and the service has no
 * linear-algebra library: subspace (block power) iteration on {@code XᵀX} never forms the C×C
 * covariance, so it costs O(N·C) per step. The starting block is fixed, so the same features always
 * give the same picture. Stateless and thread-safe.
 */
public final class FeaturePca {

    private static final int COMPONENTS = 3;
    private static final int ITERATIONS = 30;

    private FeaturePca() {}

    /**
     * @param features the dense features
     * @param width width of the PNG, ≥ 1
     * @param height height of the PNG, ≥ 1
     * @return PNG bytes
     */
    public static byte[] png(SpatialFeatures features, int width, int height) {
        int n = features.patches();
        int c = features.channels();
        float[] x = new float[n * c];
        FloatBuffer nlc = features.nlc();
        nlc.get(0, x);
        center(x, n, c);
        double[][] v = initial(c);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] y = project(x, n, c, v);
            v = backProject(x, n, c, y);
            orthonormalize(v);
        }
        double[][] p = project(x, n, c, v);
        BufferedImage grid = new BufferedImage(features.gridWidth(), features.gridHeight(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[n];
        for (int k = 0; k < COMPONENTS; k++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, p[k][i]);
                max = Math.max(max, p[k][i]);
            }
            double range = max - min;
            for (int i = 0; i < n; i++) {
                int level = range > 0 ? (int) Math.round((p[k][i] - min) / range * 255) : 128;
                rgb[i] |= level << (16 - 8 * k);
            }
        }
        grid.setRGB(0, 0, features.gridWidth(), features.gridHeight(), rgb, 0, features.gridWidth());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(grid, 0, 0, width, height, null);
        g.dispose();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
    }

    private static void center(float[] x, int n, int c) {
        double[] mean = new double[c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                mean[j] += x[i * c + j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                x[i * c + j] -= (float) (mean[j] / n);
            }
        }
    }

    private static double[][] initial(int c) {
        double[][] v = new double[COMPONENTS][c];
        for (int k = 0; k < COMPONENTS; k++) {
            for (int j = 0; j < c; j++) {
                // A fixed, non-degenerate start: deterministic pictures, and not orthogonal to any component in
                // practice.
                v[k][j] = Math.sin(1.0 + 0.7 * j * (k + 1) + k);
            }
        }
        orthonormalize(v);
        return v;
    }

    private static double[][] project(float[] x, int n, int c, double[][] v) {
        double[][] y = new double[COMPONENTS][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < COMPONENTS; k++) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += x[i * c + j] * v[k][j];
                }
                y[k][i] = s;
            }
        }
        return y;
    }

    private static double[][] backProject(float[] x, int n, int c, double[][] y) {
        double[][] v = new double[COMPONENTS][c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < COMPONENTS; k++) {
                double yi = y[k][i];
                for (int j = 0; j < c; j++) {
                    v[k][j] += x[i * c + j] * yi;
                }
            }
        }
        return v;
    }

    /** Gram-Schmidt; a vector that collapses (fewer than 3 channels or rank) becomes zero. */
    private static void orthonormalize(double[][] v) {
        for (int k = 0; k < v.length; k++) {
            for (int m = 0; m < k; m++) {
                double dot = 0;
                for (int j = 0; j < v[k].length; j++) {
                    dot += v[k][j] * v[m][j];
                }
                for (int j = 0; j < v[k].length; j++) {
                    v[k][j] -= dot * v[m][j];
                }
            }
            double norm = 0;
            for (double d : v[k]) {
                norm += d * d;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < v[k].length; j++) {
                v[k][j] = norm > 1e-12 ? v[k][j] / norm : 0;
            }
        }
    }
}
