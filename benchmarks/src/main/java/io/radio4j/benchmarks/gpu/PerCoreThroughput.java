package io.radio4j.benchmarks.gpu;

import io.radio4j.core.image.SpeedMode;
import java.util.Objects;

/**
 * How many images one CPU core prepares per second in one input mode.
 *
 * @param mode the preprocessing mode
 * @param image the source image, e.g. "640x480 JPEG"
 * @param imagesPerSecond single-thread throughput
 */
public record PerCoreThroughput(SpeedMode mode, String image, double imagesPerSecond) {

    /** @throws IllegalArgumentException if the throughput is not positive */
    public PerCoreThroughput {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(image, "image");
        if (!(imagesPerSecond > 0) || Double.isInfinite(imagesPerSecond)) {
            throw new IllegalArgumentException("images per second must be positive: " + imagesPerSecond);
        }
    }
}
