package io.radio4j.benchmarks.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.SpeedMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerCoreMeterTest {

    @Test
    void should_measure_every_mode_and_size_and_save_them(@TempDir Path dir) throws Exception {
        PerCoreMeter meter =
                new PerCoreMeter(ImagePreprocessor.builder().build(), Duration.ZERO, Duration.ofMillis(20));

        List<PerCoreThroughput> rows =
                meter.measureAll(List.of(SpeedMode.EXACT, SpeedMode.PASSTHROUGH), List.of("64x48", "32x32"));

        assertThat(rows)
                .extracting(PerCoreThroughput::mode)
                .containsExactly(SpeedMode.EXACT, SpeedMode.EXACT, SpeedMode.PASSTHROUGH, SpeedMode.PASSTHROUGH);
        assertThat(rows)
                .extracting(PerCoreThroughput::image)
                .containsExactly("64x48 JPEG", "32x32 JPEG", "64x48 JPEG", "32x32 JPEG");
        Path csv = dir.resolve("per-core.csv");
        PerCoreCsv.write(csv, rows);
        List<PerCoreThroughput> back = PerCoreCsv.read(csv);
        assertThat(back).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(back.get(i).mode()).isEqualTo(rows.get(i).mode());
            assertThat(back.get(i).imagesPerSecond())
                    .isCloseTo(rows.get(i).imagesPerSecond(), org.assertj.core.data.Offset.offset(0.001));
        }
    }

    @Test
    void should_refuse_bad_settings_and_files(@TempDir Path dir) throws Exception {
        ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();
        assertThatThrownBy(() -> new PerCoreMeter(preprocessor, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        PerCoreMeter meter = new PerCoreMeter(preprocessor, Duration.ZERO, Duration.ofMillis(1));
        assertThatThrownBy(() -> meter.measureAll(List.of(SpeedMode.FAST), List.of("640")))
                .hasMessageContaining("WIDTHxHEIGHT");
        Path bad = Files.writeString(dir.resolve("bad.csv"), PerCoreCsv.HEADER + "\nSLOW,x,1\n");
        assertThatThrownBy(() -> PerCoreCsv.read(bad)).hasMessageContaining("line 2");
        assertThatThrownBy(() -> PerCoreCsv.read(Files.writeString(dir.resolve("h.csv"), "a,b\n")))
                .hasMessageContaining("header");
    }
}
