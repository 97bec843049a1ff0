package io.radio4j.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeCommandTest {

    private static final MachineInfo MACHINE = new MachineInfo("CPU", 2, 0, "JDK", "OS");

    private static JmhResults.Result result(String benchmark, Map<String, String> secondary) {
        return new JmhResults.Result(
                benchmark, "thrpt", 1, Map.of("format", "UINT8_NHWC"), 1000, 10, "ops/s", secondary);
    }

    @Test
    void should_fill_an_empty_triton_section_and_refresh_blocks_other_owners_placed() {
        String readme = """
                <!-- section: triton-client -->
                <!-- end: triton-client -->
                <!-- section: service -->
                Service prose.
                <!-- generated: jmh-service -->
                stale
                <!-- end generated: jmh-service -->
                <!-- end: service -->
                """;
        List<JmhResults.Result> jmh = List.of(
                result(
                        "io.radio4j.benchmarks.triton.RequestSerializationBenchmark.build",
                        Map.of("wireBytes", "4.8e9 ops/s")),
                result("io.radio4j.benchmarks.service.LibraryBenchmark.embed", Map.of()),
                result("io.radio4j.benchmarks.tokenbudget.DecideBenchmark.decide", Map.of()));

        String text = ReadmeCommand.refreshAreaTables(readme, jmh, MACHINE, "today");

        assertThat(text)
                .contains(
                        "## Triton client: request building (JMH)",
                        "RequestSerializationBenchmark.build",
                        "| secondary metrics |",
                        "wireBytes 4.8e9 ops/s",
                        "jmh io.radio4j.benchmarks.triton. -f 1");
        assertThat(text)
                .contains("Service prose.", "LibraryBenchmark.embed")
                .doesNotContain("stale", "DecideBenchmark");
        assertThat(ReadmeCommand.refreshAreaTables(text, jmh, MACHINE, "today")).isEqualTo(text);
    }

    @Test
    void should_refresh_a_readme_from_a_results_folder(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), """
                # b
                <!-- section: triton-client -->
                <!-- end: triton-client -->
                <!-- section: load-generator -->
                <!-- end: load-generator -->
                <!-- section: cores-per-gpu -->
                <!-- end: cores-per-gpu -->
                """);
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("load-embedded.csv"), """
                Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency,Avg latency,Errors
                1,120.00,0,8000,0,7000,9000,9500,12000,8000,0
                """);
        Files.writeString(
                results.resolve("per-core.csv"), "mode,image,images_per_cpu_second\nEXACT,640x480 JPEG,200.000\n");

        int code = BenchCli.run(
                new String[] {
                    "readme", "--readme", readme.toString(), "--results", results.toString(), "--suite-seconds", "65"
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));

        assertThat(code).isZero();
        String text = Files.readString(readme);
        assertThat(text)
                .contains(
                        "whole suite 1 min 05 s",
                        "| 1 | 120.0 | 7.00 | 12.00 | 0 |",
                        "| EXACT | 640x480 JPEG | 200 | 0.85 |",
                        "images per process CPU-second",
                        "![CPU cores needed per GPU batch size](results/cores-per-gpu.png)");
        assertThat(results.resolve("cores-per-gpu.png")).exists();
    }
}
