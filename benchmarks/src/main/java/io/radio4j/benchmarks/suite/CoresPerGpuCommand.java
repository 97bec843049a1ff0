package io.radio4j.benchmarks.suite;

import io.radio4j.benchmarks.gpu.CoresPerGpu;
import io.radio4j.benchmarks.gpu.CoresPerGpuPlot;
import io.radio4j.benchmarks.gpu.GpuThroughput;
import io.radio4j.benchmarks.gpu.PerCoreThroughput;
import io.radio4j.benchmarks.gpu.PreprocessPerCoreBenchmark;
import io.radio4j.core.image.SpeedMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cores-per-gpu}: how many CPU cores each input mode needs to feed one H100 running the
 * RADIO-CLIP vision encoder, from measured per-core preprocessing throughput.
 */
@Command(name = "cores-per-gpu", mixinStandardHelpOptions = true,
        description = "Cores each input mode (EXACT, FAST, PASSTHROUGH) needs to keep one H100 busy with RADIO-CLIP, as a Markdown table and a PNG.")
public final class CoresPerGpuCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--jmh-json", description = "JMH JSON results that include PreprocessPerCoreBenchmark.")
        Path jmhJson;
        @Option(names = "--measure", description = "Run PreprocessPerCoreBenchmark now (JMH, 1 thread; about 2 minutes).")
        boolean measure;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--markdown", description = "Write the table here (default: print it).")
    Path markdown;

    @Option(names = "--plot", description = "PNG to write.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        Path json = source.jmhJson;
        if (source.measure) {
            json = Files.createTempFile("per-core", ".json");
            new org.openjdk.jmh.runner.Runner(new org.openjdk.jmh.runner.options.OptionsBuilder()
                    .include(PreprocessPerCoreBenchmark.class.getName())
                    .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON).result(json.toString()).build()).run();
        }
        List<PerCoreThroughput> perCore = perCore(JmhResults.read(json));
        if (perCore.isEmpty()) {
            throw new ParameterException(spec.commandLine(), json + " has no " + PreprocessPerCoreBenchmark.class.getSimpleName() + " results");
        }
        CoresPerGpu report = new CoresPerGpu(GpuThroughput.H100_RADIO_CLIP_TRT_FP16, perCore);
        String table = report.markdownTable();
        if (markdown != null) {
            Files.writeString(markdown, table);
        } else {
            spec.commandLine().getOut().print(table);
        }
        if (plot != null) {
            CoresPerGpuPlot.write(plot, report);
        }
        return 0;
    }

    /** The per-core throughputs in the results, EXACT, FAST, PASSTHROUGH order, small images first. */
    static List<PerCoreThroughput> perCore(List<JmhResults.Result> results) {
        List<PerCoreThroughput> perCore = new ArrayList<>();
        for (JmhResults.Result r : results) {
            if (!r.benchmark().startsWith(PreprocessPerCoreBenchmark.class.getName() + ".") || r.threads() != 1
                    || !"ops/s".equals(r.unit())) {
                continue;
            }
            perCore.add(new PerCoreThroughput(SpeedMode.valueOf(r.params().get("speed")),
                    r.params().get("image") + " JPEG", r.score()));
        }
        perCore.sort(java.util.Comparator.comparing(PerCoreThroughput::mode)
                .thenComparingInt(p -> Integer.parseInt(p.image().split("x")[0])));
        return perCore;
    }
}
