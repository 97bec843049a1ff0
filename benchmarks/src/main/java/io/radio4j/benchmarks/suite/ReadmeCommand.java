package io.radio4j.benchmarks.suite;

import io.radio4j.benchmarks.gpu.CoresPerGpu;
import io.radio4j.benchmarks.gpu.CoresPerGpuPlot;
import io.radio4j.benchmarks.gpu.GpuThroughput;
import io.radio4j.benchmarks.gpu.PerCoreCsv;
import io.radio4j.benchmarks.loadgen.PerfCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code readme}: rewrites the suite's parts of benchmarks/README.md from a results folder (JMH JSON,
 * the load-generator CSV) and draws the cores-per-GPU plot. Leaves teammates' sections alone.
 */
@Command(
        name = "readme",
        mixinStandardHelpOptions = true,
        description = "Refresh the suite's blocks of benchmarks/README.md from a results folder.")
public final class ReadmeCommand implements Callable<Integer> {

    /** JMH JSON files inside the results folder: every {@code jmh*.json}. */
    public static final String JMH_JSON = "jmh.json";
    /** The preprocessing side-by-side table (Markdown) the image section's tool prints. */
    public static final String PREPROCESSING_TABLE = "preprocessing-side-by-side.md";
    /** The load generator's CSV. */
    public static final String LOAD_CSV = "load-embedded.csv";
    /** The load generator's open-loop CSV. */
    public static final String LOAD_RATE_CSV = "load-embedded-rate.csv";
    /** The plot of both. */
    public static final String LOAD_PNG = "load-embedded.png";
    /** Per-core throughputs from {@code cores-per-gpu --measure --save}; preferred over JMH's. */
    public static final String PER_CORE_CSV = "per-core.csv";
    /** The cores-per-GPU plot. */
    public static final String CORES_PNG = "cores-per-gpu.png";
    /** The load command the suite runs, recorded beside the CSV. */
    public static final String LOAD_COMMAND = "load-embedded.command";

    /** How the suite produces the preprocessing table. */
    public static final String PREPROCESSING_COMMAND = "taskset -c 1 java -cp benchmarks/target/benchmarks-*.jar "
            + "io.radio4j.benchmarks.image.PreprocessSideBySide benchmarks/target/preprocess-images 1 /usr/bin/python3";

    @Spec
    CommandSpec spec;

    @Option(names = "--readme", required = true, description = "The README to rewrite.")
    Path readme;

    @Option(
            names = "--results",
            required = true,
            description = "The results folder (inside the README's folder, for relative image links).")
    Path results;

    @Option(names = "--suite-seconds", defaultValue = "0", description = "Wall time of the suite, for the header.")
    long suiteSeconds;

    @Override
    public Integer call() throws Exception {
        List<JmhResults.Result> jmh = new java.util.ArrayList<>();
        try (var files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json"))
                    .sorted()
                    .toList()) {
                jmh.addAll(JmhResults.read(file));
            }
        }
        Path sideBySide = results.resolve(PREPROCESSING_TABLE);
        String preprocessing =
                Files.exists(sideBySide) && Files.size(sideBySide) > 0 ? Files.readString(sideBySide) : null;
        Path loadFile = results.resolve(LOAD_CSV);
        List<PerfCsv.Row> load = Files.exists(loadFile) ? PerfCsv.read(loadFile) : List.of();
        Path rateFile = results.resolve(LOAD_RATE_CSV);
        List<PerfCsv.Row> loadOpen = Files.exists(rateFile) ? PerfCsv.read(rateFile) : List.of();
        Path commandFile = results.resolve(LOAD_COMMAND);
        String loadCommand =
                Files.exists(commandFile) ? Files.readString(commandFile).strip() : "(not run)";
        Path base = readme.toAbsolutePath().getParent();
        String coresPlot = null;
        Path perCoreFile = results.resolve(PER_CORE_CSV);
        boolean cpuTime = Files.exists(perCoreFile);
        var perCore = cpuTime ? PerCoreCsv.read(perCoreFile) : CoresPerGpuCommand.perCore(jmh);
        if (!perCore.isEmpty()) {
            CoresPerGpuPlot.write(
                    results.resolve(CORES_PNG), new CoresPerGpu(GpuThroughput.H100_RADIO_CLIP_TRT_FP16, perCore));
            coresPlot = relative(base, results.resolve(CORES_PNG));
        }
        String loadPlot = Files.exists(results.resolve(LOAD_PNG)) ? relative(base, results.resolve(LOAD_PNG)) : null;
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        MachineInfo machine = MachineInfo.current();
        SuiteReport report = new SuiteReport(
                machine,
                date,
                suiteSeconds,
                jmh,
                load,
                loadOpen,
                loadCommand,
                loadPlot,
                coresPlot,
                perCore,
                cpuTime ? SuiteReport.CPU_TIME_METHOD : SuiteReport.JMH_METHOD);
        String text = report.refresh(Files.readString(readme, StandardCharsets.UTF_8));
        if (preprocessing != null) {
            TeammateTable table = new TeammateTable(
                    "preprocessing",
                    "preprocessing-side-by-side",
                    "## Image preprocessing: radio4j against Pillow",
                    PREPROCESSING_COMMAND,
                    machine,
                    date,
                    "pinned with `taskset -c 1`, 1 s of CPU per case, by `" + SuiteReport.SUITE_COMMAND + "`");
            if (!table.canRefresh(text)) {
                spec.commandLine()
                        .getErr()
                        .println("preprocessing section has its own text and no generated block: left as it is");
            }
            text = table.refresh(text, preprocessing);
        }
        text = refreshAreaTables(text, jmh, machine, date);
        Files.writeString(readme, text, StandardCharsets.UTF_8);
        spec.commandLine()
                .getOut()
                .println("refreshed " + readme + " (" + jmh.size() + " JMH results, " + (load.size() + loadOpen.size())
                        + " load rows)");
        return 0;
    }

    /**
     * Each area's JMH table inside a {@code <!-- generated: jmh-AREA -->} block wherever one exists
     * (how a section owner asks for fresh JMH numbers), and the triton-client section's default body
     * when that section is still empty.
     */
    static String refreshAreaTables(String text, List<JmhResults.Result> jmh, MachineInfo machine, String date) {
        java.util.Set<String> areas = new java.util.TreeSet<>();
        jmh.forEach(r -> areas.add(r.area()));
        for (String area : areas) {
            if (area.isEmpty()) {
                continue;
            }
            List<JmhResults.Result> results = JmhResults.ofArea(jmh, area);
            String block = "jmh-" + area;
            String command = "java -jar benchmarks/target/benchmarks-*.jar jmh io.radio4j.benchmarks." + area
                    + ". -f 1 -wi 1 -w 1s -i 3 -r 1s";
            if (area.equals("triton")) {
                text = new TeammateTable(
                                "triton-client",
                                block,
                                "## Triton client: request building (JMH)",
                                command,
                                machine,
                                date)
                        .refresh(text, JmhResults.markdownTable(results));
            } else if (ReadmeSections.hasGenerated(text, block)) {
                text = ReadmeSections.replaceGenerated(
                        text,
                        block,
                        "Measured " + date + " on " + machine.markdown() + ".\n\n" + JmhResults.markdownTable(results),
                        null);
            }
        }
        return text;
    }

    private static String relative(Path base, Path file) {
        return base.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }
}
