package io.radio4j.benchmarks.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.SpeedMode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoresPerGpuTest {

    private static final GpuThroughput H100 = GpuThroughput.H100_RADIO_CLIP_TRT_FP16;

    @Test
    void should_turn_published_requests_per_second_into_images_per_second() {
        assertThat(H100.batchSizes()).containsExactly(1, 2, 4, 8, 16, 32, 64, 128);
        assertThat(H100.imagesPerSecond(0)).isEqualTo(169);
        assertThat(H100.imagesPerSecond(7)).isEqualTo(12 * 128);
        assertThat(H100.peakImagesPerSecond()).isEqualTo(1536);
    }

    @Test
    void should_divide_gpu_images_per_second_by_per_core_images_per_second() {
        PerCoreThroughput exact = new PerCoreThroughput(SpeedMode.EXACT, "1920x1080 JPEG", 50);
        PerCoreThroughput fast = new PerCoreThroughput(SpeedMode.FAST, "1920x1080 JPEG", 160);
        CoresPerGpu report = new CoresPerGpu(H100, List.of(exact, fast));

        assertThat(report.cores(exact, 0)).isCloseTo(169 / 50.0, offset(1e-9));
        assertThat(report.cores(exact, 7)).isCloseTo(1536 / 50.0, offset(1e-9));
        assertThat(report.cores(fast, 7)).isCloseTo(9.6, offset(1e-9));
        String table = report.markdownTable();
        assertThat(table.lines()).hasSize(5);
        assertThat(table)
                .contains("| *GPU images/s* | 224×224 | | 169 | 322 | 584 | 952 | 1,344 | 1,408 | 1,472 | 1,536 |");
        assertThat(table)
                .contains("| EXACT | 1920x1080 JPEG | 50.0 | 3.38 | 6.44 | 11.7 | 19.0 | 26.9 | 28.2 | 29.4 | 30.7 |");
        assertThat(table)
                .contains("| FAST | 1920x1080 JPEG | 160 | 1.06 | 2.01 | 3.65 | 5.95 | 8.40 | 8.80 | 9.20 | 9.60 |");
    }

    @Test
    void should_draw_one_line_per_mode(@TempDir Path dir) throws Exception {
        CoresPerGpu report = new CoresPerGpu(
                H100,
                List.of(
                        new PerCoreThroughput(SpeedMode.EXACT, "640x480 JPEG", 100),
                        new PerCoreThroughput(SpeedMode.PASSTHROUGH, "640x480 JPEG", 50_000)));
        Path png = dir.resolve("cores.png");

        CoresPerGpuPlot.write(png, report);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(CoresPerGpuPlot.WIDTH);
        assertThat(report.series())
                .extracting(CoresPerGpu.Series::name)
                .containsExactly("EXACT 640x480 JPEG", "PASSTHROUGH 640x480 JPEG");
    }

    @Test
    void should_refuse_inconsistent_tables() {
        assertThatThrownBy(() -> new GpuThroughput("g", "m", "s", new int[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpuThroughput("g", "m", "s", new int[] {2, 1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PerCoreThroughput(SpeedMode.FAST, "x", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CoresPerGpu(H100, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_benchmark_the_clip_input_in_every_mode() {
        for (SpeedMode mode : SpeedMode.values()) {
            PreprocessPerCoreBenchmark benchmark = new PreprocessPerCoreBenchmark();
            benchmark.speed = mode;
            benchmark.image = "640x480";
            benchmark.setUp();

            PreprocessedImage image = benchmark.preprocess();

            assertThat(image.speed()).isEqualTo(mode);
            assertThat(image.hasPixels()).isEqualTo(mode != SpeedMode.PASSTHROUGH);
            if (image.hasPixels()) {
                assertThat(image.height()).isEqualTo(224);
                assertThat(image.width()).isEqualTo(224);
            } else {
                assertThat(image.width()).isEqualTo(640);
            }
        }
    }
}
