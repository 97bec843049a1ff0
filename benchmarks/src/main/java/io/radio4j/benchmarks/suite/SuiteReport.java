package io.radio4j.benchmarks.suite;

import io.radio4j.benchmarks.gpu.CoresPerGpu;
import io.radio4j.benchmarks.gpu.GpuThroughput;
import io.radio4j.benchmarks.gpu.PerCoreThroughput;
import io.radio4j.benchmarks.loadgen.PerfCsv;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parts of benchmarks/README.md the suite owns, rebuilt from one run's results: the run header
 * and JMH table (a generated block before the first section), the {@code load-generator} section and
 * the {@code cores-per-gpu} section. Teammates' sections are refreshed by their own commands and are
 * not touched here.
 *
 * @param machine where the run happened
 * @param date when (UTC date and time, as text)
 * @param suiteSeconds wall time of the whole suite (0 if unknown)
 * @param jmh every JMH result of the run (may be empty)
 * @param load the load generator's closed-loop rows against the embedded server (may be empty)
 * @param loadOpen its open-loop (request-rate) rows (may be empty)
 * @param loadCommand the commands that produced {@code load} and {@code loadOpen}
 * @param loadPlot README-relative path of its PNG, or null
 * @param coresPlot README-relative path of the cores-per-GPU PNG, or null
 * @param perCore per-core throughputs for the cores-per-GPU table (empty: none)
 * @param perCoreMethod how {@code perCore} was measured, one sentence for the README
 */
public record SuiteReport(
        MachineInfo machine,
        String date,
        long suiteSeconds,
        List<JmhResults.Result> jmh,
        List<PerfCsv.Row> load,
        List<PerfCsv.Row> loadOpen,
        String loadCommand,
        String loadPlot,
        String coresPlot,
        List<PerCoreThroughput> perCore,
        String perCoreMethod) {

    /** How {@code cores-per-gpu --measure} measures, for {@link #perCoreMethod()}. */
    public static final String CPU_TIME_METHOD = "images per process CPU-second of radio4j's preprocessor, one thread, "
            + "JIT and GC charged (`cores-per-gpu --measure`), so a shared machine does not skew it";
    /** How the JMH benchmark measures, for {@link #perCoreMethod()}. */
    public static final String JMH_METHOD = "JMH `PreprocessPerCoreBenchmark`, one thread, wall-clock throughput";

    /** The one command that reruns everything. */
    public static final String SUITE_COMMAND = "benchmarks/run-suite.sh";
    /** Marker name of the run header and JMH table block. */
    public static final String JMH_BLOCK = "jmh";
    /** The first section of the README; the JMH block goes before it. */
    public static final String FIRST_SECTION = "triton-client";

    /** Copies the lists. */
    public SuiteReport {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(date, "date");
        jmh = List.copyOf(jmh);
        load = List.copyOf(load);
        loadOpen = List.copyOf(loadOpen);
        perCore = List.copyOf(perCore);
        Objects.requireNonNull(perCoreMethod, "perCoreMethod");
    }

    /** The README with the suite's blocks and sections replaced. */
    public String refresh(String readme) {
        String text = ReadmeSections.replaceGenerated(readme, JMH_BLOCK, jmhBlock(), FIRST_SECTION);
        text = ReadmeSections.replaceSection(text, "load-generator", loadSection());
        return ReadmeSections.replaceSection(text, "cores-per-gpu", coresSection());
    }

    String jmhBlock() {
        StringBuilder md = new StringBuilder("## CPU-side suite: latest run\n\n");
        md.append("- Machine: ").append(machine.markdown()).append('\n');
        md.append("- Run: ")
                .append(date)
                .append(suiteSeconds > 0 ? ", whole suite " + minutes(suiteSeconds) : "")
                .append(
                        ". The machine is shared with other builds, so absolute numbers are noisy; compare within a run.\n");
        md.append("- Reproduce: `")
                .append(SUITE_COMMAND)
                .append(
                        "` (selects JDK 25, builds the benchmarks jar, runs every step below, rewrites this file).\n\n");
        md.append("### JMH results\n\n");
        if (jmh.isEmpty()) {
            md.append("No JMH results in this run.\n");
            return md.toString();
        }
        md.append(
                "Short runs (`-f 1 -wi 1 -w 1s -i 3 -r 1s`, see run-suite.sh): read the ± error before trusting a digit. Each benchmark's javadoc says what it measures.\n\n");
        Map<String, List<JmhResults.Result>> byArea = new TreeMap<>();
        for (JmhResults.Result r : jmh) {
            byArea.computeIfAbsent(r.area().isEmpty() ? "other" : r.area(), k -> new java.util.ArrayList<>())
                    .add(r);
        }
        byArea.forEach((area, results) -> md.append("#### ")
                .append(area)
                .append("\n\n")
                .append(JmhResults.markdownTable(results))
                .append('\n'));
        return md.toString();
    }

    String loadSection() {
        StringBuilder md =
                new StringBuilder("## Load generator: closed- and open-loop sweeps of the embedded KServe server\n\n");
        md.append(
                        "radio4j's embedded backend (the tiny stand-in models, ONNX Runtime on the CPU) behind its KServe v2 gRPC server, ")
                .append(
                        "loaded by the Java load generator in the same JVM over loopback: client and server share the machine's cores, ")
                .append("so this measures radio4j's serving overhead on tiny models, not a GPU. ")
                .append(
                        "The CSV has perf_analyzer's columns; `Client Send`/`Client Recv` are 0 because the generator times whole calls.\n\n");
        md.append("Machine: ")
                .append(machine.markdown())
                .append(". Commands:\n\n```\n")
                .append(loadCommand)
                .append("\n```\n\n");
        if (load.isEmpty()) {
            md.append("No load-generator results in this run.\n");
            return md.toString();
        }
        md.append("Closed loop (a fixed number of requests in flight):\n\n").append(loadTable(load));
        if (!loadOpen.isEmpty()) {
            md.append(
                            "\nOpen loop (requests sent on a fixed schedule whatever the answers; latency counted from when each ")
                    .append(
                            "request was due, so a saturated server shows as growing latency, not as a slower sender):\n\n")
                    .append(loadTable(loadOpen));
        }
        if (load.stream().allMatch(PerfCsv.Row::hasServerTimes)) {
            md.append("\nServer columns come from the server's own statistics (Triton's ModelStatistics extension), ")
                    .append("averaged per request over each measured phase.\n");
        }
        if (loadPlot != null) {
            md.append("\n![throughput against latency](").append(loadPlot).append(")\n");
        }
        md.append(
                        "\nOn a GPU machine, the same tool against Triton: `java -jar benchmarks/target/benchmarks-*.jar load --kserve HOST:8001 ")
                .append(
                        "--model radio_clip_vision --input-data input-data.json --batch 8 --concurrency-range 1:32:4 --csv out.csv --plot out.png`; ")
                .append(
                        "against the service: `load --rest http://HOST:8080/v1/embeddings --model radio_clip --image cat.jpg --request-rate-range 10:200:10 ...`. ")
                .append("perf_analyzer itself: the scripts in [perf_analyzer/](perf_analyzer/).\n");
        return md.toString();
    }

    String coresSection() {
        StringBuilder md = new StringBuilder("## Cores to feed one GPU\n\n");
        GpuThroughput gpu = GpuThroughput.H100_RADIO_CLIP_TRT_FP16;
        md.append("How many CPU cores each input mode needs so that one ")
                .append(gpu.gpu())
                .append(" running the ")
                .append(gpu.model())
                .append(" is never waiting for images. GPU side: published figures (")
                .append(gpu.source())
                .append(
                        "; requests/s at batch 1..128 = 169, 161, 146, 119, 84, 44, 23, 12, so images/s = requests/s × batch), ")
                .append(
                        "not measured here. CPU side: images one core prepares per second for the 224² center crop, measured as ")
                .append(perCoreMethod)
                .append(", on ")
                .append(machine.markdown())
                .append(". ")
                .append(
                        "Cores = GPU images/s ÷ per-core images/s: a lower bound, since gRPC, the service and the JVM need cores too. ")
                .append(
                        "PASSTHROUGH only checks the header and forwards the file: decoding then moves to the server (e.g. a DALI/nvJPEG stage).\n\n");
        if (perCore.isEmpty()) {
            md.append("No per-core measurements in this run.\n");
            return md.toString();
        }
        CoresPerGpu report = new CoresPerGpu(gpu, perCore);
        md.append(report.markdownTable());
        int last = gpu.batchSizes().length - 1;
        md.append(String.format(
                Locale.ROOT,
                "%nReading it: at batch %d the GPU takes %,.0f images/s; to keep up, ",
                gpu.batchSizes()[last],
                gpu.imagesPerSecond(last)));
        for (int i = 0; i < perCore.size(); i++) {
            PerCoreThroughput mode = perCore.get(i);
            md.append(i == 0 ? "" : i == perCore.size() - 1 ? " and " : ", ")
                    .append(mode.mode())
                    .append(" on ")
                    .append(mode.image())
                    .append(String.format(Locale.ROOT, " needs %s cores", cores(report.cores(mode, last))));
        }
        md.append("; a service feeding several GPUs needs these cores for each of them.\n");
        if (coresPlot != null) {
            md.append("\n![CPU cores needed per GPU batch size](")
                    .append(coresPlot)
                    .append(")\n");
        }
        md.append(
                        "\nReproduce: `java -jar benchmarks/target/benchmarks-*.jar cores-per-gpu --measure --plot cores.png` ")
                .append("(`--jmh-json` takes the wall-clock JMH figures instead).\n");
        return md.toString();
    }

    private static String loadTable(List<PerfCsv.Row> rows) {
        StringBuilder md = new StringBuilder();
        boolean server = rows.stream().allMatch(PerfCsv.Row::hasServerTimes);
        md.append("| ")
                .append(rows.get(0).mode().column())
                .append(" | inferences/s | p50 ms | p99 ms |")
                .append(server ? " server queue ms | server compute ms |" : "")
                .append(" errors |\n|---:|---:|---:|---:|")
                .append(server ? "---:|---:|" : "")
                .append("---:|\n");
        rows.stream()
                .sorted(java.util.Comparator.comparingDouble(PerfCsv.Row::level))
                .forEach(row -> {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %.2f | %.2f |",
                            level(row.level()),
                            row.inferencesPerSecond(),
                            row.p50() / 1000.0,
                            row.p99() / 1000.0));
                    if (server) {
                        md.append(String.format(
                                Locale.ROOT,
                                " %.2f | %.2f |",
                                row.serverQueue() / 1000.0,
                                row.serverComputeInfer() / 1000.0));
                    }
                    md.append(' ').append(row.errors()).append(" |\n");
                });
        return md.toString();
    }

    private static String level(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : String.format(Locale.ROOT, "%.2f", level);
    }

    private static String cores(double cores) {
        if (cores < 0.05) {
            return "under 0.1";
        }
        return cores >= 10 ? String.format(Locale.ROOT, "%.0f", cores) : String.format(Locale.ROOT, "%.1f", cores);
    }

    private static String minutes(long seconds) {
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
