package io.radio4j.benchmarks.gpu;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Images per CPU-second of each input mode: the per-core figure of the cores-per-GPU report.
 *
 * <p>Counts images against the process's CPU time rather than wall time, so the figure holds on a
 * machine shared with other work (wall-clock throughput of one thread drops when neighbours take
 * the core; CPU time does not). The whole JVM is charged, JIT and GC threads included, which is what
 * a production process pays too. One thread preprocesses; run it with nothing else in the JVM.
 *
 * <p>Not a JMH benchmark on purpose: JMH measures wall time per thread; {@link PreprocessPerCoreBenchmark}
 * gives that view. Not thread-safe.
 */
public final class PerCoreMeter {

    /** Default warm-up per case (JIT, caches). */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
    /** Default CPU time measured per case. */
    public static final Duration DEFAULT_MEASURE = Duration.ofSeconds(3);
    /** The CLIP image tower's input: 224² center crop. */
    public static final ResizeSpec CLIP_INPUT = ResizeSpec.centerCrop(224);

    private final ImagePreprocessor preprocessor;
    private final Duration warmup;
    private final Duration measure;

    /**
     * @param warmup wall time of unmeasured work per case
     * @param measure process CPU time measured per case; a case also stops after 4× that in wall
     *     time, so a starved process still finishes
     * @throws IllegalArgumentException if measure is not positive or warmup negative
     */
    public PerCoreMeter(ImagePreprocessor preprocessor, Duration warmup, Duration measure) {
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
            throw new IllegalArgumentException("warmup must be >= 0 and measure > 0");
        }
        this.warmup = warmup;
        this.measure = measure;
    }

    /** Every mode on sample JPEGs of each size (WIDTHxHEIGHT), small sizes first. */
    public List<PerCoreThroughput> measureAll(List<SpeedMode> modes, List<String> sizes) {
        List<PerCoreThroughput> all = new ArrayList<>();
        for (SpeedMode mode : modes) {
            for (String size : sizes) {
                String[] wh = size.split("x");
                if (wh.length != 2) {
                    throw new IllegalArgumentException("sizes are WIDTHxHEIGHT, got " + size);
                }
                byte[] jpeg = SampleJpegs.jpeg(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 42);
                all.add(measure(mode, size + " JPEG", jpeg));
            }
        }
        return all;
    }

    /** One case: images of {@code jpeg} per process CPU-second in {@code mode}. */
    public PerCoreThroughput measure(SpeedMode mode, String label, byte[] jpeg) {
        long warmEnd = System.nanoTime() + warmup.toNanos();
        Object sink = null;
        while (System.nanoTime() < warmEnd) {
            sink = preprocessor.preprocess(jpeg, CLIP_INPUT, mode);
        }
        long cpuStart = processCpuNanos();
        long wallEnd = System.nanoTime() + 4 * measure.toNanos();
        long images = 0;
        long cpu;
        do {
            sink = preprocessor.preprocess(jpeg, CLIP_INPUT, mode);
            images++;
            cpu = processCpuNanos() - cpuStart;
        } while (cpu < measure.toNanos() && System.nanoTime() < wallEnd);
        Objects.requireNonNull(sink); // keeps the results observable so the loop is not dead code
        return new PerCoreThroughput(mode, label, images / (Math.max(cpu, 1) / 1e9));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
