package io.radio4j.benchmarks.gpu;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GPU's published inference throughput by batch size, in requests per second (one request = one
 * batch), so images per second = requests/s × batch.
 *
 * @param gpu the GPU, e.g. "H100"
 * @param model the model and engine, e.g. "RADIO-CLIP vision encoder, TensorRT FP16"
 * @param source where the figures were published
 * @param batchSizes batch sizes, increasing
 * @param requestsPerSecond throughput at each batch size
 */
public record GpuThroughput(String gpu, String model, String source, int[] batchSizes, double[] requestsPerSecond) {

    /**
     * The RADIO-CLIP vision encoder (224², TensorRT FP16) on one H100: requests/s at batch 1, 2, 4,
     * 8, 16, 32, 64, 128, as the project's benchmark brief quotes them. They are attributed to
     * NVIDIA's RADIO-CLIP TAO/NGC material, but that source could not be checked here; quoted, not
     * measured.
     */
    public static final GpuThroughput H100_RADIO_CLIP_TRT_FP16 = new GpuThroughput(
            "H100",
            "RADIO-CLIP vision encoder (224x224), TensorRT FP16",
            "published figures quoted in the benchmark brief (attributed to NVIDIA's RADIO-CLIP TAO/NGC material; not verified here)",
            new int[] {1, 2, 4, 8, 16, 32, 64, 128},
            new double[] {169, 161, 146, 119, 84, 44, 23, 12});

    /** @throws IllegalArgumentException if the arrays differ in length, are empty, or hold non-positive or unordered values */
    public GpuThroughput {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        batchSizes = batchSizes.clone();
        requestsPerSecond = requestsPerSecond.clone();
        if (batchSizes.length == 0 || batchSizes.length != requestsPerSecond.length) {
            throw new IllegalArgumentException("need one throughput per batch size");
        }
        for (int i = 0; i < batchSizes.length; i++) {
            if (batchSizes[i] < 1 || !(requestsPerSecond[i] > 0) || (i > 0 && batchSizes[i] <= batchSizes[i - 1])) {
                throw new IllegalArgumentException("batch sizes must increase and throughputs be positive: "
                        + Arrays.toString(batchSizes) + " " + Arrays.toString(requestsPerSecond));
            }
        }
    }

    @Override
    public int[] batchSizes() {
        return batchSizes.clone();
    }

    @Override
    public double[] requestsPerSecond() {
        return requestsPerSecond.clone();
    }

    /** Images per second at the i-th batch size: requests/s × batch. */
    public double imagesPerSecond(int index) {
        return requestsPerSecond[index] * batchSizes[index];
    }

    /** The best images per second over all batch sizes. */
    public double peakImagesPerSecond() {
        double peak = 0;
        for (int i = 0; i < batchSizes.length; i++) {
            peak = Math.max(peak, imagesPerSecond(i));
        }
        return peak;
    }
}
