package io.radio4j.benchmarks.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The usual serving plot: throughput (inferences/s) across, latency (ms) up, one p50 and one p99
 * line per sweep, points in order of the sweep level. Works on any perf_analyzer-format CSV.
 *
 * <p>Stateless; xchart renders off-screen (headless AWT).
 */
public final class ThroughputLatencyPlot {

    /** Width of the PNG, pixels. */
    public static final int WIDTH = 800;
    /** Height of the PNG, pixels. */
    public static final int HEIGHT = 500;

    private ThroughputLatencyPlot() {}

    /**
     * Writes a PNG with one p50 and one p99 series per named sweep.
     *
     * @param sweeps series name → rows (e.g. from {@link PerfCsv#read(Path)})
     * @throws IllegalArgumentException if there is nothing to plot
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, String title, Map<String, List<PerfCsv.Row>> sweeps) throws IOException {
        if (sweeps.isEmpty() || sweeps.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("no sweep rows to plot");
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("throughput (inferences/s)")
                .yAxisTitle("latency (ms)")
                .build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, List<PerfCsv.Row>> sweep : sweeps.entrySet()) {
            List<PerfCsv.Row> rows = sweep.getValue().stream()
                    .sorted(Comparator.comparingDouble(PerfCsv.Row::level))
                    .toList();
            if (rows.isEmpty()) {
                continue;
            }
            double[] x =
                    rows.stream().mapToDouble(PerfCsv.Row::inferencesPerSecond).toArray();
            XYSeries p50 = chart.addSeries(
                    sweep.getKey() + " p50",
                    x,
                    rows.stream().mapToDouble(r -> r.p50() / 1000.0).toArray());
            p50.setMarker(SeriesMarkers.CIRCLE);
            XYSeries p99 = chart.addSeries(
                    sweep.getKey() + " p99",
                    x,
                    rows.stream().mapToDouble(r -> r.p99() / 1000.0).toArray());
            p99.setMarker(SeriesMarkers.DIAMOND);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("(?i)\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
