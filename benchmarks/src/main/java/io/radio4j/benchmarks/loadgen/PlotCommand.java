package io.radio4j.benchmarks.loadgen;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plot}: a throughput/latency PNG from perf_analyzer-format CSVs (perf_analyzer's or ours). */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = "Plot throughput against p50/p99 latency from perf_analyzer-format CSV files.")
public final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "PNG to write.")
    Path out;

    @Option(names = "--title", defaultValue = "throughput vs latency", description = "Chart title.")
    String title;

    @Option(names = "--label", description = "Legend name of each CSV, in order (default: the file names); repeatable.")
    List<String> labels = new java.util.ArrayList<>();

    @Parameters(
            arity = "1..64",
            paramLabel = "CSV",
            description = "CSV files; each becomes a p50 and a p99 line named after the file.")
    List<Path> csvs;

    @Override
    public Integer call() throws Exception {
        if (!labels.isEmpty() && labels.size() != csvs.size()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    labels.size() + " --label for " + csvs.size() + " CSV files: give one per file or none");
        }
        Map<String, List<PerfCsv.Row>> sweeps = new LinkedHashMap<>();
        for (int i = 0; i < csvs.size(); i++) {
            Path csv = csvs.get(i);
            String name = labels.isEmpty() ? csv.getFileName().toString().replaceFirst("\\.csv$", "") : labels.get(i);
            sweeps.put(name, PerfCsv.read(csv));
        }
        ThroughputLatencyPlot.write(out, title, sweeps);
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }
}
