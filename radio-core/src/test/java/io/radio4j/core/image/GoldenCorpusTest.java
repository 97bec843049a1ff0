package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed corpus is what the committed script produces: regenerates it with Debian's Pillow
 * and compares every input file and the reference table byte for byte.
 */
class GoldenCorpusTest {

    private static final String PYTHON = System.getProperty("python.executable", "/usr/bin/python3");

    @Test
    void committed_goldens_should_record_pillow_9_4() {
        String header = new String(Corpus.resource("golden.tsv"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(header).startsWith("# Pillow 9.4.");
    }

    @Test
    void center_crop_goldens_should_come_from_torchvision() {
        String header = new String(Corpus.resource("golden.tsv"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(header).contains("torchvision 0.14.");
        String geometry = new String(Corpus.resource("geometry.tsv"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(geometry).startsWith("# torchvision 0.14.");
    }

    @Test
    void the_generator_should_reproduce_the_committed_corpus(@TempDir Path out) throws Exception {
        Path script = Path.of("src/test/python/generate_image_corpus.py");
        assumeTrue(Files.isRegularFile(script), "not run from the radio-core folder");
        assumeTrue(
                pythonHas("import numpy, PIL; assert PIL.__version__.startswith('9.4')"),
                PYTHON + " has no Pillow 9.4 with numpy");
        assumeTrue(pythonHas("import torchvision"), PYTHON + " has no torchvision (Debian python3-torchvision)");
        // the script makes its YCCK case with libturbojpeg and leaves it out without the library
        assumeTrue(io.radio4j.core.image.internal.NativeJpeg.decoder().isPresent(), "libturbojpeg is not installed");
        Process p = new ProcessBuilder(PYTHON, script.toString(), out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // a hang guard, not a timing check: importing torchvision alone takes seconds on a loaded machine
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("generator finished").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(out.resolve("golden.tsv")))
                .isEqualTo(new String(Corpus.resource("golden.tsv"), StandardCharsets.UTF_8));
        assertThat(Files.readString(out.resolve("geometry.tsv")))
                .isEqualTo(new String(Corpus.resource("geometry.tsv"), StandardCharsets.UTF_8));
        try (var files = Files.list(out.resolve("corpus"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readAllBytes(f))
                        .as(f.getFileName().toString())
                        .isEqualTo(Corpus.file(f.getFileName().toString()));
            }
        }
    }

    private static boolean pythonHas(String check) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", check)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
