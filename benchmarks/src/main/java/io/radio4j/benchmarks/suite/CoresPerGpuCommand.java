package io.radio4j.benchmarks.suite;

import io.radio4j.benchmarks.gpu.CoresPerGpu;
import io.radio4j.benchmarks.gpu.CoresPerGpuPlot;
import io.radio4j.benchmarks.gpu.GpuThroughput;
import io.radio4j.benchmarks.gpu.PerCoreCsv;
import io.radio4j.benchmarks.gpu.PerCoreMeter;
import io.radio4j.benchmarks.gpu.PerCoreThroughput;
import io.radio4j.benchmarks.gpu.PreprocessPerCoreBenchmark;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.SpeedMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
@Command(
        name = "cores-per-gpu",
        mixinStandardHelpOptions = true,
        description =
                "Cores each input mode (EXACT, FAST, PASSTHROUGH) needs to keep one H100 busy with RADIO-CLIP, as a Markdown table and a PNG.")
public final class CoresPerGpuCommand implements Callable<Integer> {

    /** The source sizes of the report: a typical web/phone image and a Full HD frame. */
    public static final List<String> SIZES = List.of("640x480", "1920x1080");

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(
                names = "--measure",
                description =
                        "Measure now: images per process CPU-second, each mode on 640x480 and 1920x1080 sample JPEGs (about 30 s).")
        boolean measure;

        @Option(names = "--per-core-csv", description = "Per-core throughputs saved by an earlier --measure --save.")
        Path perCoreCsv;

        @Option(
                names = "--jmh-json",
                description = "JMH JSON results that include PreprocessPerCoreBenchmark (wall-clock, 1 thread).")
        Path jmhJson;

        @Option(
                names = "--measure-jmh",
                description = "Run PreprocessPerCoreBenchmark now (JMH, 1 thread; about 2 minutes).")
        boolean measureJmh;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "2",
            description = "--measure: warm-up per case, s (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--measure-seconds",
            defaultValue = "3",
            description = "--measure: CPU time per case, s (default ${DEFAULT-VALUE}).")
    double measureSeconds;

    @Option(names = "--save", description = "--measure: also write the per-core throughputs to this CSV.")
    Path save;

    @Option(names = "--markdown", description = "Write the table here (default: print it).")
    Path markdown;

    @Option(names = "--plot", description = "PNG to write.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        List<PerCoreThroughput> perCore;
        if (source.measure) {
            if (!(warmupSeconds >= 0) || !(measureSeconds > 0) || warmupSeconds > 600 || measureSeconds > 600) {
                throw new ParameterException(
                        spec.commandLine(), "--warmup-seconds must be in 0..600 and --measure-seconds in (0, 600]");
            }
            PerCoreMeter meter = new PerCoreMeter(
                    ImagePreprocessor.builder().build(),
                    Duration.ofMillis((long) (warmupSeconds * 1000)),
                    Duration.ofMillis((long) (measureSeconds * 1000)));
            perCore = meter.measureAll(List.of(SpeedMode.values()), SIZES);
            if (save != null) {
                PerCoreCsv.write(save, perCore);
            }
        } else if (source.perCoreCsv != null) {
            perCore = PerCoreCsv.read(source.perCoreCsv);
        } else {
            Path json = source.jmhJson;
            if (source.measureJmh) {
                json = Files.createTempFile("per-core", ".json");
                new org.openjdk.jmh.runner.Runner(new org.openjdk.jmh.runner.options.OptionsBuilder()
                                .include(PreprocessPerCoreBenchmark.class.getName())
                                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
                                .result(json.toString())
                                .build())
                        .run();
            }
            perCore = perCore(JmhResults.read(json));
        }
        if (perCore.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no " + PreprocessPerCoreBenchmark.class.getSimpleName() + " results to report");
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
            if (!r.benchmark().startsWith(PreprocessPerCoreBenchmark.class.getName() + ".")
                    || r.threads() != 1
                    || !"ops/s".equals(r.unit())) {
                continue;
            }
            perCore.add(new PerCoreThroughput(
                    SpeedMode.valueOf(r.params().get("speed")), r.params().get("image") + " JPEG", r.score()));
        }
        perCore.sort(java.util.Comparator.comparing(PerCoreThroughput::mode)
                .thenComparingInt(p -> Integer.parseInt(p.image().split("x")[0])));
        return perCore;
    }
}
