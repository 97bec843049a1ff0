package io.radio4j.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.benchmarks.gpu.PerCoreCsv;
import io.radio4j.benchmarks.gpu.PerCoreThroughput;
import io.radio4j.core.image.SpeedMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoresPerGpuCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return BenchCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    @Test
    void should_write_table_and_plot_from_saved_per_core_figures() throws Exception {
        Path csv = dir.resolve("per-core.csv");
        PerCoreCsv.write(
                csv,
                List.of(
                        new PerCoreThroughput(SpeedMode.EXACT, "640x480 JPEG", 128),
                        new PerCoreThroughput(SpeedMode.FAST, "640x480 JPEG", 256)));
        Path md = dir.resolve("cores.md");
        Path png = dir.resolve("cores.png");

        int code = run(
                new StringWriter(),
                "cores-per-gpu",
                "--per-core-csv",
                csv.toString(),
                "--markdown",
                md.toString(),
                "--plot",
                png.toString());

        assertThat(code).isZero();
        // batch 128: 12 requests/s x 128 images = 1536 images/s; 1536 / 128 = 12 cores, 1536 / 256 = 6
        assertThat(Files.readString(md))
                .contains(
                        "| EXACT | 640x480 JPEG | 128 | 1.32 |",
                        "| 12.0 |",
                        "| FAST | 640x480 JPEG | 256 |",
                        "| 6.00 |");
        assertThat(Files.size(png)).isPositive();
    }

    @Test
    void should_measure_and_save_when_asked() throws Exception {
        Path save = dir.resolve("measured.csv");
        int code = run(
                new StringWriter(),
                "cores-per-gpu",
                "--measure",
                "--warmup-seconds",
                "0",
                "--measure-seconds",
                "0.01",
                "--save",
                save.toString(),
                "--markdown",
                dir.resolve("m.md").toString());

        assertThat(code).isZero();
        assertThat(PerCoreCsv.read(save))
                .extracting(PerCoreThroughput::image)
                .containsExactly(
                        "640x480 JPEG",
                        "1920x1080 JPEG",
                        "640x480 JPEG",
                        "1920x1080 JPEG",
                        "640x480 JPEG",
                        "1920x1080 JPEG");
    }

    @Test
    void should_refuse_missing_or_bad_sources() {
        StringWriter none = new StringWriter();
        StringWriter bad = new StringWriter();
        assertThat(run(none, "cores-per-gpu")).isEqualTo(2);
        assertThat(run(bad, "cores-per-gpu", "--measure", "--measure-seconds", "0"))
                .isEqualTo(2);
        assertThat(bad.toString()).contains("--measure-seconds");
    }
}
