package io.radio4j.benchmarks.perfanalyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.benchmarks.loadgen.PerfCsv;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the bash scripts of benchmarks/perf_analyzer: dry runs, argument checks, and one full run with a stand-in perf_analyzer. */
class PerfAnalyzerScriptsTest {

    private static final Path SCRIPTS = Path.of(System.getProperty("benchmarks.basedir", "."), "perf_analyzer");

    @TempDir
    Path dir;

    Path images;

    private record Result(int code, String out, String err) {
        List<String> commands() {
            return out.lines().filter(l -> l.startsWith("+ ")).toList();
        }
    }

    @BeforeEach
    void images() throws Exception {
        images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("a.jpg"), SampleJpegs.jpeg(80, 60, 1));
        Files.write(images.resolve("b.jpg"), SampleJpegs.jpeg(60, 90, 2));
    }

    private Result script(String name, Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void should_print_one_generation_one_perf_analyzer_run_per_batch_and_one_plot() throws Exception {
        Result result = script(
                "radio_clip_vision.sh",
                Map.of(),
                "--dry-run",
                "--images",
                images.toString(),
                "--url",
                "triton.example:8001",
                "--batch-sizes",
                "1,8,64",
                "--out",
                dir.resolve("out").toString());

        assertThat(result.code()).as(result.err()).isZero();
        List<String> commands = result.commands();
        assertThat(commands).hasSize(5);
        assertThat(commands.get(0))
                .contains(
                        " input-data --model radio_clip_vision --images " + images,
                        "--format UINT8_HWC --size 224",
                        "--out " + dir.resolve("out/input-data.json"));
        for (int i = 0; i < 3; i++) {
            String batch = List.of("1", "8", "64").get(i);
            assertThat(commands.get(1 + i))
                    .startsWith("+ perf_analyzer -m radio_clip_vision -i grpc -u triton.example:8001 -b " + batch + " ")
                    .contains(
                            "--concurrency-range=1:16:1",
                            "--input-data=" + dir.resolve("out/input-data.json"),
                            "-f " + dir.resolve("out/radio_clip_vision_b" + batch + ".csv"))
                    // a fixed-size input needs no --shape
                    .doesNotContain("--shape");
        }
        assertThat(commands.get(4)).contains(" plot ", "radio_clip_vision_b64.csv");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void should_give_variable_shape_models_their_shape_and_radio1d_its_token_count() throws Exception {
        Result radio = script(
                "c_radio_v4_h.sh",
                Map.of(),
                "--dry-run",
                "--images",
                images.toString(),
                "--size",
                "768",
                "--batch-sizes",
                "4",
                "--request-rate-range",
                "10:40:10");
        Result fp16 = script(
                "c_radio_v4_so400m.sh",
                Map.of(),
                "--dry-run",
                "--images",
                images.toString(),
                "--input-format",
                "fp16",
                "--batch-sizes",
                "1");
        Result radio1d = script(
                "radio1d_h.sh",
                Map.of(),
                "--dry-run",
                "--images",
                images.toString(),
                "--num-tokens",
                "64",
                "--batch-sizes",
                "16",
                "--",
                "--percentile=95");

        assertThat(radio.commands().get(1))
                .contains("--shape=image:768,768,3", "--request-rate-range=10:40:10")
                .doesNotContain("--concurrency-range");
        assertThat(fp16.commands().get(0)).contains("--format FP16_CHW");
        assertThat(fp16.commands().get(1)).contains("--shape=pixel_values:3,512,512");
        assertThat(radio1d.commands().get(0)).contains("--num-tokens 64");
        assertThat(radio1d.commands().get(1)).contains("-b 16").endsWith("--percentile=95");
    }

    @Test
    void should_tokenize_texts_for_the_text_tower() throws Exception {
        Path texts = Files.writeString(dir.resolve("texts.txt"), "a photo of a cat\n");
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");

        Result result = script(
                "radio_clip_text.sh",
                Map.of(),
                "--dry-run",
                "--texts",
                texts.toString(),
                "--tokenizer",
                tokenizer.toString(),
                "--batch-sizes",
                "32");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.commands().get(0))
                .contains("input-data --model radio_clip_text --texts " + texts, "--tokenizer " + tokenizer);
        assertThat(result.commands().get(1)).contains("-m radio_clip_text", "-b 32");
    }

    @Test
    void should_refuse_bad_arguments_before_running_anything() throws Exception {
        assertRefused(
                script("c_radio_v4_h.sh", Map.of(), "--dry-run", "--images", images.toString(), "--batch-sizes", "1,9"),
                "batch size 9 is outside 1..8");
        assertRefused(
                script("c_radio_v4_h.sh", Map.of(), "--dry-run", "--images", images.toString(), "--bogus"),
                "unknown option '--bogus'");
        assertRefused(
                script("c_radio_v4_h.sh", Map.of(), "--dry-run", "--images", images.toString(), "--url", "http://x"),
                "--url must be HOST:PORT");
        assertRefused(script("radio_clip_vision.sh", Map.of(), "--dry-run"), "needs --images");
        assertRefused(
                script(
                        "radio_clip_vision.sh",
                        Map.of(),
                        "--dry-run",
                        "--images",
                        dir.resolve("missing").toString()),
                "no such image file or folder");
        assertRefused(
                script(
                        "radio_clip_vision.sh",
                        Map.of(),
                        "--dry-run",
                        "--images",
                        images.toString(),
                        "--concurrency-range",
                        "0:4"),
                "--concurrency-range");
        assertRefused(
                script(
                        "radio_clip_vision.sh",
                        Map.of(),
                        "--dry-run",
                        "--images",
                        images.toString(),
                        "--input-format",
                        "int4"),
                "--input-format");
        assertRefused(script("radio_clip_text.sh", Map.of(), "--dry-run", "--texts", "x"), "needs --tokenizer");
        assertRefused(script("radio_clip_vision.sh", Map.of(), "--images"), "--images needs a value");
        assertRefused(
                script(
                        "radio_clip_vision.sh",
                        Map.of("PERF_ANALYZER", "/nonexistent/perf_analyzer"),
                        "--images",
                        images.toString()),
                "perf_analyzer not found");
    }

    @Test
    void should_run_every_model_from_all_sh_with_image_options_kept_from_the_text_tower() throws Exception {
        Path texts = Files.writeString(dir.resolve("texts.txt"), "a cat\n");
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");

        Result result = script(
                "all.sh",
                Map.of(),
                "--dry-run",
                "--images",
                images.toString(),
                "--size",
                "256",
                "--texts",
                texts.toString(),
                "--tokenizer",
                tokenizer.toString(),
                "--url",
                "gpu-box:8001");

        assertThat(result.code()).as(result.err()).isZero();
        List<String> generations = result.commands().stream()
                .filter(c -> c.contains(" input-data "))
                .toList();
        assertThat(generations).hasSize(5);
        assertThat(generations.get(0)).contains("--model c_radio_v4_h", "--size 256");
        assertThat(generations.get(2)).contains("--model radio_clip_vision", "--size 256");
        // RADIO1D's engine is fixed at 512x512, whatever --size the others get
        assertThat(generations.get(3)).contains("--model radio1d_h", "--size 512");
        assertThat(generations.get(4)).contains("--model radio_clip_text").doesNotContain("--images");
        assertThat(result.commands().stream().filter(c -> c.contains("perf_analyzer -m")))
                .allSatisfy(c -> assertThat(c).contains("-u gpu-box:8001"));
    }

    @Test
    void should_print_usage_on_help() throws Exception {
        Result result = script("radio1d_h.sh", Map.of(), "--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("Usage: radio1d_h.sh", "--concurrency-range", "1..16");
    }

    @Test
    void should_generate_real_input_data_collect_the_csvs_and_plot_them() throws Exception {
        // perf_analyzer itself needs Triton on a GPU machine; this stand-in writes a CSV in its format
        // for the -f path and logs its arguments, so everything around it runs for real.
        Path log = dir.resolve("perf_analyzer.log");
        Path fake = dir.resolve("fake_perf_analyzer.sh");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                echo "$@" >> "%s"
                while [ "$#" -gt 0 ]; do case "$1" in -f) csv=$2; shift 2 ;; -b) b=$2; shift 2 ;; *) shift ;; esac; done
                {
                  echo "Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency"
                  echo "1,$((100 * b)),10,200,5,5,4000,5,3,4200,4300,4400,4600"
                  echo "2,$((150 * b)),10,200,900,5,4000,5,3,5200,5300,5400,5600"
                } > "$csv"
                """.formatted(log));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String bench = String.join(
                " ",
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path").replace(' ', File.pathSeparatorChar),
                "io.radio4j.benchmarks.suite.BenchCli");
        Path out = dir.resolve("results");

        Result result = script(
                "radio1d_h.sh",
                Map.of("PERF_ANALYZER", fake.toString(), "RADIO4J_BENCH", bench),
                "--images",
                images.toString(),
                "--size",
                "64",
                "--batch-sizes",
                "1,2",
                "--out",
                out.toString());

        assertThat(result.code()).as(result.err() + result.out()).isZero();
        JsonNode data = new ObjectMapper()
                .readTree(out.resolve("input-data.json").toFile())
                .get("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).get("image").get("shape").toString()).isEqualTo("[64,64,3]");
        assertThat(data.get(0).get("num_tokens").get(0).asInt()).isEqualTo(256);
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
                .hasSize(2)
                .allSatisfy(line ->
                        assertThat(line).contains("-m radio1d_h", "--input-data=" + out.resolve("input-data.json")));
        assertThat(PerfCsv.read(out.resolve("radio1d_h_b2.csv")))
                .extracting(PerfCsv.Row::inferencesPerSecond)
                .containsExactly(200.0, 300.0);
        assertThat(Files.size(out.resolve("radio1d_h.png"))).isPositive();
    }

    private static void assertRefused(Result result, String message) {
        assertThat(result.code()).as(result.out()).isEqualTo(2);
        assertThat(result.err()).contains(message);
        assertThat(result.commands()).isEmpty();
    }
}
