package io.radio4j.benchmarks.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The cores-per-GPU plot: batch size across (log 2), cores needed up (log 10), a line per mode and image. */
public final class CoresPerGpuPlot {

    /** Width of the PNG, pixels. */
    public static final int WIDTH = 800;
    /** Height of the PNG, pixels. */
    public static final int HEIGHT = 500;

    private CoresPerGpuPlot() {}

    /**
     * Writes the PNG.
     *
     * @throws IOException if it cannot be written
     */
    public static void write(Path png, CoresPerGpu report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("CPU cores to feed one " + report.gpu().gpu() + ", by input mode")
                .xAxisTitle("GPU batch size")
                .yAxisTitle("CPU cores needed")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (CoresPerGpu.Series series : report.series()) {
            double[] x = Arrays.stream(series.batchSizes())
                    .mapToDouble(b -> Math.log(b) / Math.log(2))
                    .toArray();
            chart.addSeries(series.name(), x, series.cores()).setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> Integer.toString((int) Math.round(Math.pow(2, x))));
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("(?i)\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
