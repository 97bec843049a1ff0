package io.radio4j.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.benchmarks.gpu.PerCoreThroughput;
import io.radio4j.benchmarks.loadgen.LoadMode;
import io.radio4j.benchmarks.loadgen.PerfCsv;
import io.radio4j.core.image.SpeedMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

    private static final String README = """
            # radio4j benchmarks

            Intro prose.

            <!-- section: triton-client -->
            Their table | keep me
            <!-- end: triton-client -->

            <!-- section: service -->
            service text
            <!-- end: service -->

            <!-- section: load-generator -->
            old load
            <!-- end: load-generator -->

            <!-- section: cores-per-gpu -->
            old cores
            <!-- end: cores-per-gpu -->
            """;

    private static final MachineInfo MACHINE = new MachineInfo("Test CPU", 2, 8, "JDK 25", "Linux");

    @TempDir
    Path dir;

    private static JmhResults.Result perCore(String speed, String image, double score) {
        return new JmhResults.Result(
                "io.radio4j.benchmarks.gpu.PreprocessPerCoreBenchmark.preprocess",
                "thrpt",
                1,
                Map.of("speed", speed, "image", image),
                score,
                1.5,
                "ops/s");
    }

    @Test
    void should_rewrite_its_own_parts_and_keep_every_other_byte() {
        List<JmhResults.Result> jmh = List.of(
                perCore("EXACT", "1920x1080", 20),
                perCore("FAST", "640x480", 400),
                perCore("PASSTHROUGH", "640x480", 100_000),
                new JmhResults.Result(
                        "io.radio4j.benchmarks.triton.RequestBuildBenchmark.build",
                        "avgt",
                        1,
                        Map.of(),
                        12.5,
                        Double.NaN,
                        "us/op"));
        SuiteReport report = new SuiteReport(
                MACHINE,
                "2026-11-23 11:00 UTC",
                600,
                jmh,
                List.of(new PerfCsv.Row(LoadMode.CONCURRENCY, 2, 300, 6000, 9000, 0)),
                List.of(new PerfCsv.Row(LoadMode.REQUEST_RATE, 100, 99.5, 5000, 7000, 1)),
                "bench load --embedded",
                "results/load.png",
                "results/cores.png",
                CoresPerGpuCommand.perCore(jmh),
                SuiteReport.JMH_METHOD);

        String once = report.refresh(README);
        String twice = report.refresh(once);

        assertThat(twice).isEqualTo(once);
        assertThat(once)
                .contains("<!-- section: triton-client -->\nTheir table | keep me\n<!-- end: triton-client -->")
                .contains("<!-- section: service -->\nservice text\n<!-- end: service -->")
                .doesNotContain("old load", "old cores");
        assertThat(once.indexOf("<!-- generated: jmh -->"))
                .isBetween(once.indexOf("Intro prose."), once.indexOf("<!-- section: triton-client -->"));
        assertThat(once)
                .contains(
                        "Test CPU, 2 cores, 8 GiB RAM",
                        "10 min 00 s",
                        "#### gpu",
                        "#### triton",
                        "RequestBuildBenchmark.build",
                        "12.50 us/op",
                        "| 2 | 300.0 | 6.00 | 9.00 | 0 |",
                        "| Request Rate | inferences/s |",
                        "| 100 | 99.5 | 5.00 | 7.00 | 1 |",
                        "![throughput against latency](results/load.png)",
                        "| EXACT | 1920x1080 JPEG | 20.0 | 8.45 |",
                        "at batch 128 the GPU takes 1,536 images/s",
                        "EXACT on 1920x1080 JPEG needs 77 cores, FAST on 640x480 JPEG needs 3.8 cores and PASSTHROUGH on 640x480 JPEG needs under 0.1 cores",
                        "![CPU cores needed per GPU batch size](results/cores.png)",
                        "measured as JMH `PreprocessPerCoreBenchmark`");
    }

    @Test
    void should_show_server_times_when_the_load_csv_has_them() {
        SuiteReport report = new SuiteReport(
                MACHINE,
                "now",
                0,
                List.of(),
                List.of(new PerfCsv.Row(LoadMode.CONCURRENCY, 4, 900, 4000, 8000, 0, 1500, 2250)),
                List.of(),
                "cmd",
                null,
                null,
                List.of(),
                "x");

        String text = report.refresh(README);

        assertThat(text)
                .contains(
                        "| Concurrency | inferences/s | p50 ms | p99 ms | server queue ms | server compute ms | errors |",
                        "| 4 | 900.0 | 4.00 | 8.00 | 1.50 | 2.25 | 0 |");
    }

    @Test
    void should_say_so_when_a_step_produced_nothing() {
        String text = new SuiteReport(
                        MACHINE, "now", 0, List.of(), List.of(), List.of(), "(not run)", null, null, List.of(), "x")
                .refresh(README);
        assertThat(text).contains("No JMH results", "No load-generator results", "No per-core measurements");
    }

    @Test
    void should_refuse_a_readme_without_its_markers() {
        SuiteReport report =
                new SuiteReport(MACHINE, "now", 0, List.of(), List.of(), List.of(), "x", null, null, List.of(), "x");
        assertThatThrownBy(() -> report.refresh("# nothing here\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("load-generator");
        assertThatThrownBy(() -> ReadmeSections.replaceSection("<!-- end: a -->\n<!-- section: a -->", "a", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadmeSections.replaceSection("x", "A B", "x")).hasMessageContaining("marker names");
    }

    @Test
    void should_read_jmh_json_and_pick_the_per_core_results() throws Exception {
        Path json = Files.writeString(dir.resolve("jmh.json"), """
                [{"jmhVersion":"1.37","benchmark":"io.radio4j.benchmarks.gpu.PreprocessPerCoreBenchmark.preprocess","mode":"thrpt",
                  "threads":1,"forks":1,"params":{"speed":"PASSTHROUGH","image":"1920x1080"},
                  "primaryMetric":{"score":51234.5,"scoreError":"NaN","scoreUnit":"ops/s"}},
                 {"jmhVersion":"1.37","benchmark":"io.radio4j.benchmarks.gpu.PreprocessPerCoreBenchmark.preprocess","mode":"thrpt",
                  "threads":1,"forks":1,"params":{"speed":"EXACT","image":"640x480"},
                  "primaryMetric":{"score":120.25,"scoreError":3.5,"scoreUnit":"ops/s"}},
                 {"jmhVersion":"1.37","benchmark":"io.radio4j.benchmarks.image.Other.run","mode":"avgt","threads":1,
                  "primaryMetric":{"score":3.0,"scoreError":0.1,"scoreUnit":"ms/op"}}]
                """);

        List<JmhResults.Result> results = JmhResults.read(json);
        List<PerCoreThroughput> perCore = CoresPerGpuCommand.perCore(results);

        assertThat(results).hasSize(3);
        assertThat(results.get(1).scoreText()).isEqualTo("120 ± 3.50 ops/s");
        assertThat(results.get(0).error()).isNaN();
        assertThat(results.get(2).area()).isEqualTo("image");
        assertThat(new JmhResults.Result(
                                "b.C.m", "thrpt", 1, java.util.Map.of("images", "benchmarks/target/x"), 1, 0, "ops/s")
                        .paramText())
                .isEmpty();
        assertThat(perCore)
                .containsExactly(
                        new PerCoreThroughput(SpeedMode.EXACT, "640x480 JPEG", 120.25),
                        new PerCoreThroughput(SpeedMode.PASSTHROUGH, "1920x1080 JPEG", 51234.5));
        assertThatThrownBy(() -> JmhResults.read(Files.writeString(dir.resolve("bad.json"), "{}")))
                .hasMessageContaining("not a JMH JSON result");
    }
}
