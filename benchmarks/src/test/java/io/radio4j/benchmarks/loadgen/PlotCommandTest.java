package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.benchmarks.suite.BenchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {

    @Test
    void should_plot_several_csvs_with_their_labels_and_refuse_a_label_count_mismatch(@TempDir Path dir)
            throws Exception {
        Path closed = dir.resolve("closed.csv");
        Path open = dir.resolve("open.csv");
        PerfCsv.write(
                closed, List.of(new SweepPoint(LoadMode.CONCURRENCY, 1, 10, 0, 100, 900, 1000, 1100, 1500, 950, "")));
        PerfCsv.write(
                open, List.of(new SweepPoint(LoadMode.REQUEST_RATE, 50, 10, 0, 50, 700, 800, 900, 1000, 750, "")));
        Path png = dir.resolve("both.png");
        StringWriter err = new StringWriter();

        int ok = BenchCli.run(
                new String[] {
                    "plot",
                    "--out",
                    png.toString(),
                    "--label",
                    "closed",
                    "--label",
                    "open",
                    closed.toString(),
                    open.toString()
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        int mismatch = BenchCli.run(
                new String[] {"plot", "--out", png.toString(), "--label", "only one", closed.toString(), open.toString()
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        int missing = BenchCli.run(
                new String[] {
                    "plot", "--out", png.toString(), dir.resolve("none.csv").toString()
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));

        assertThat(ok).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(ThroughputLatencyPlot.WIDTH);
        assertThat(mismatch).isEqualTo(2);
        assertThat(missing).isEqualTo(1);
        assertThat(err.toString())
                .contains("1 --label for 2 CSV files", "none.csv")
                .doesNotContain("\tat ");
        assertThat(Files.size(png)).isPositive();
    }
}
