package io.radio4j.benchmarks.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.benchmarks.suite.BenchCli;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny run against the embedded KServe server over the classpath tiny repository (started here
 * and given with --server): every row is there, and PASSTHROUGH equals EXACT.
 */
class PassthroughCommandTest {

    @Test
    void should_measure_every_mode_and_find_passthrough_equal_to_exact(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("passthrough.md");
        StringWriter err = new StringWriter();
        int code;
        try (OnnxBackend backend = OnnxBackend.tiny();
                KServeServer server =
                        KServeServer.builder().backend(backend).port(0).build().start()) {
            code = BenchCli.run(
                    new String[] {
                        "passthrough",
                        "--images",
                        "2",
                        "--rounds",
                        "1",
                        "--sizes",
                        "96x64",
                        "--client-threads",
                        "1",
                        "--server",
                        "127.0.0.1:" + server.port(),
                        "--out",
                        md.toString()
                    },
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
        }
        assertThat(code).as(err.toString()).isZero();
        String text = Files.readString(md);
        for (String mode : new String[] {"EXACT", "FAST", "PASSTHROUGH"}) {
            assertThat(text)
                    .contains("| radio_clip_vision (CENTER_CROP 224) | 96x64 | " + mode + " |")
                    .contains("| c_radio_v4_h (SQUASH 512) | 96x64 | " + mode + " |");
        }
        // UINT8 tensors for EXACT/FAST: 224*224*3 and 512*512*3 bytes per image
        assertThat(text).contains("| 150,528 |").contains("| 786,432 |").contains("| n/a |");
        assertThat(text)
                .contains("PASSTHROUGH equals EXACT for every image: radio_clip_vision (CENTER_CROP 224), 96x64")
                .contains("PASSTHROUGH equals EXACT for every image: c_radio_v4_h (SQUASH 512), 96x64")
                .doesNotContain("DIFFERS");
    }
}
