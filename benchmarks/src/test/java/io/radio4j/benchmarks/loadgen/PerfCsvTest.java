package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfCsvTest {

    @TempDir
    Path dir;

    @Test
    void should_write_perf_analyzer_columns_sorted_by_throughput() throws Exception {
        List<SweepPoint> points = List.of(
                new SweepPoint(LoadMode.CONCURRENCY, 1, 100, 0, 50.5, 900, 1000, 1100, 1500, 950, ""),
                new SweepPoint(LoadMode.CONCURRENCY, 4, 100, 2, 30.25, 3000, 3500, 3600, 4000, 3100, "x"),
                new SweepPoint(LoadMode.CONCURRENCY, 2, 100, 0, 80, 1200, 1300, 1400, 2000, 1250, ""));

        List<String> lines = PerfCsv.format(points).lines().toList();

        assertThat(lines.get(0))
                .isEqualTo("Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Client Recv,"
                        + "p50 latency,p90 latency,p95 latency,p99 latency,Avg latency,Errors");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("4,30.25,0,3100,0,3000,3500,3600,4000,3100,2");
        assertThat(lines.get(2)).startsWith("1,50.50,");
        assertThat(lines.get(3)).startsWith("2,80.00,");
    }

    @Test
    void should_read_back_its_own_rows() throws Exception {
        Path csv = dir.resolve("rate.csv");
        PerfCsv.write(
                csv, List.of(new SweepPoint(LoadMode.REQUEST_RATE, 12.5, 10, 1, 12.4, 700, 800, 900, 990, 750, "")));

        List<PerfCsv.Row> rows = PerfCsv.read(csv);

        assertThat(rows).containsExactly(new PerfCsv.Row(LoadMode.REQUEST_RATE, 12.5, 12.4, 700, 990, 1));
    }

    @Test
    void should_read_perf_analyzers_own_csv_with_server_columns() throws Exception {
        // Header as documented in perf_analyzer docs/measurements_metrics.md.
        Path csv = dir.resolve("pa.csv");
        Files.writeString(csv, """
                Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency
                1,168.8,12,345,20,30,5000,10,4,5890,6010,6100,6400
                2,300.1,12,400,900,30,5100,10,4,6600,7000,7200,7900
                """);

        List<PerfCsv.Row> rows = PerfCsv.read(csv);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).isEqualTo(new PerfCsv.Row(LoadMode.CONCURRENCY, 2, 300.1, 6600, 7900, 0, 900, 5100));
    }

    @Test
    void should_name_the_file_and_line_of_a_bad_row() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "Concurrency,Inferences/Second,p50 latency,p99 latency\n1,abc,3,4\n");
        assertThatThrownBy(() -> PerfCsv.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.csv line 2");
        Files.writeString(csv, "Batch,Inferences/Second\n");
        assertThatThrownBy(() -> PerfCsv.read(csv)).hasMessageContaining("first column");
    }

    @Test
    void should_expand_ranges_like_perf_analyzer() {
        assertThat(SweepRange.parse("1:8:2").levels()).containsExactly(1.0, 3.0, 5.0, 7.0);
        assertThat(SweepRange.parse("4").levels()).containsExactly(4.0);
        assertThat(SweepRange.parse("0.5:1.5:0.5").levels()).containsExactly(0.5, 1.0, 1.5);
        assertThatThrownBy(() -> SweepRange.parse("8:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SweepRange.parse("1:100000:1")).hasMessageContaining("more than");
        assertThatThrownBy(() -> SweepRange.parse("a:b")).hasMessageContaining("START[:END[:STEP]]");
    }
}
