package io.radio4j.benchmarks.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How many CPU cores each input mode needs to keep one GPU busy: the GPU's images/s at a batch size
 * divided by the images/s one core prepares. Assumes preprocessing scales linearly with cores and
 * that nothing else (network, gRPC, the service) uses them, so it is a lower bound.
 *
 * @param gpu the GPU's throughput table
 * @param perCore measured per-core throughput of each mode and image
 */
public record CoresPerGpu(GpuThroughput gpu, List<PerCoreThroughput> perCore) {

    /** @throws IllegalArgumentException if there are no per-core measurements */
    public CoresPerGpu {
        Objects.requireNonNull(gpu, "gpu");
        perCore = List.copyOf(perCore);
        if (perCore.isEmpty()) {
            throw new IllegalArgumentException("no per-core measurements");
        }
    }

    /** Cores needed by {@code mode} to match the GPU at its i-th batch size. */
    public double cores(PerCoreThroughput mode, int batchIndex) {
        return gpu.imagesPerSecond(batchIndex) / mode.imagesPerSecond();
    }

    /**
     * A Markdown table: one row per mode and image, its per-core images/s, then the cores needed at
     * each of the GPU's batch sizes.
     */
    public String markdownTable() {
        int[] batches = gpu.batchSizes();
        StringBuilder md = new StringBuilder("| input mode | image | images/s per core |");
        for (int b : batches) {
            md.append(" batch ").append(b).append(" |");
        }
        md.append("\n|---|---|---:|");
        md.append("---:|".repeat(batches.length)).append('\n');
        md.append("| *GPU images/s* | 224×224 | |");
        for (int i = 0; i < batches.length; i++) {
            md.append(' ').append(format(gpu.imagesPerSecond(i))).append(" |");
        }
        md.append('\n');
        for (PerCoreThroughput mode : perCore) {
            md.append("| ")
                    .append(mode.mode())
                    .append(" | ")
                    .append(mode.image())
                    .append(" | ")
                    .append(format(mode.imagesPerSecond()))
                    .append(" |");
            for (int i = 0; i < batches.length; i++) {
                md.append(' ').append(format(cores(mode, i))).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Rows for the plot: one series per mode and image, cores against batch size. */
    public List<Series> series() {
        List<Series> all = new ArrayList<>();
        int[] batches = gpu.batchSizes();
        for (PerCoreThroughput mode : perCore) {
            double[] cores = new double[batches.length];
            for (int i = 0; i < batches.length; i++) {
                cores[i] = cores(mode, i);
            }
            all.add(new Series(mode.mode() + " " + mode.image(), batches, cores));
        }
        return all;
    }

    /** One plotted line. @param name legend @param batchSizes x @param cores y */
    public record Series(String name, int[] batchSizes, double[] cores) {
        /** Copies the arrays. */
        public Series {
            batchSizes = batchSizes.clone();
            cores = cores.clone();
        }
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
