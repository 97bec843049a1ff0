package io.radio4j.benchmarks.service;

import io.radio4j.benchmarks.loadgen.SweepPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Markdown of one service benchmark run: machine and settings, the table, the verdict against
 * the target, and the command that reproduces it.
 *
 * @param rows one comparison per concurrency; copied
 * @param started when the run began
 * @param setup one sentence on what was measured (image size, backend, models)
 * @param measured measured time per level and side
 * @param targetRatio the share of the library's throughput the service should keep
 */
public record ServiceReport(
        List<ServiceComparison> rows, Instant started, String setup, Duration measured, double targetRatio) {

    /** The commands that rebuild the service and this module and rerun the benchmark. */
    public static final String REPRODUCE = """
            ./mvnw -B -ntp -q -pl quarkus-app -am install -DskipTests
            ./mvnw -B -ntp -q -pl benchmarks package -DskipTests
            java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \\
              -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \\
              io.radio4j.benchmarks.service.ServiceBenchmark --readme benchmarks/README.md""";

    public ServiceReport {
        rows = List.copyOf(rows);
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(measured, "measured");
    }

    /** The lowest service/library throughput ratio over all levels; NaN without rows. */
    public double worstRatio() {
        return rows.stream().mapToDouble(ServiceComparison::ratio).min().orElse(Double.NaN);
    }

    /** The section's Markdown, ending with a newline. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Service vs library: `POST /v1/embeddings` (images)\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Measured %s on %s, %d cores visible to the JVM (a shared machine: other "
                        + "work ran beside it), %s %s. %s Both sides first run a JIT warm-up; then, in a closed "
                        + "loop at each concurrency, the library runs, then the service, each for up to %d s after a "
                        + "short warm-up. The load generator shares the 2 cores with the service (not with the library "
                        + "side, which it calls in-process). Latencies in ms.%n%n",
                started.truncatedTo(ChronoUnit.SECONDS),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                setup,
                measured.toSeconds()));
        md.append(
                "| concurrency | library img/s | library p50 | library p99 | service img/s | service p50 | service p99 "
                        + "| service errors | service / library |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ServiceComparison row : rows) {
            SweepPoint lib = row.library();
            SweepPoint svc = row.service();
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f | %d | %.0f%% |%n",
                    row.concurrency(),
                    lib.inferencesPerSecond(),
                    lib.p50() / 1e3,
                    lib.p99() / 1e3,
                    svc.inferencesPerSecond(),
                    svc.p50() / 1e3,
                    svc.p99() / 1e3,
                    svc.errors(),
                    100 * row.ratio()));
        }
        double worst = worstRatio();
        md.append(String.format(
                Locale.ROOT,
                "%nTarget: the service keeps at least %.0f%% of the library's throughput. "
                        + "Lowest ratio in this run: %.0f%%, so the target is %s.%n",
                100 * targetRatio,
                100 * worst,
                worst >= targetRatio ? "met at every level" : "**not met** at every level"));
        md.append(
                        "\nReproduce from the repository root (about two minutes; the figures move with other load on the machine):\n\n")
                .append("```bash\n")
                .append(REPRODUCE)
                .append("\n```\n");
        return md.toString();
    }
}
