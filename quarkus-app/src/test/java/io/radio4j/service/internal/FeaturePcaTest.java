package io.radio4j.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.radio4j.core.encoder.SpatialFeatures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FeaturePcaTest {

    /** A 4 x 6 grid whose left half has one feature vector and right half another, plus small noise. */
    private static SpatialFeatures twoRegions() {
        int h = 4, w = 6, c = 8;
        float[] nlc = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    float base = x < w / 2 ? (k % 2 == 0 ? 1 : -1) : (k < c / 2 ? 2 : 0);
                    nlc[(y * w + x) * c + k] = base + 0.01f * (float) Math.sin(31 * y + 7 * x + k);
                }
            }
        }
        return new SpatialFeatures(h, w, c, nlc);
    }

    private static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void should_colour_different_regions_differently_at_the_requested_size() throws IOException {
        BufferedImage img = read(FeaturePca.png(twoRegions(), 60, 40));
        assertEquals(60, img.getWidth());
        assertEquals(40, img.getHeight());
        int left = img.getRGB(5, 20);
        int right = img.getRGB(55, 20);
        assertNotEquals(left, right);
        // The first component separates the regions, so it spans (nearly) the whole 0..255 range between them.
        int redLeft = (left >> 16) & 0xFF;
        int redRight = (right >> 16) & 0xFF;
        assertEquals(255, Math.abs(redLeft - redRight), 40);
    }

    @Test
    void should_draw_the_same_picture_for_the_same_features() {
        assertArrayEquals(FeaturePca.png(twoRegions(), 30, 20), FeaturePca.png(twoRegions(), 30, 20));
    }

    @Test
    void should_handle_features_with_fewer_than_three_channels() throws IOException {
        SpatialFeatures narrow = new SpatialFeatures(2, 2, 1, new float[] {0, 1, 2, 3});
        assertEquals(8, read(FeaturePca.png(narrow, 8, 8)).getWidth());
    }
}
