package io.radio4j.benchmarks.gpu;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Images one core prepares per second for the RADIO-CLIP image tower (224² center crop), per input
 * mode and source size: the per-core figure of the cores-per-GPU report. One thread, so the score
 * in ops/s is images/s per core (JIT and GC threads share the machine's other cores).
 *
 * <p>HOW TO RUN THIS TEST: {@code java -jar benchmarks/target/benchmarks-*.jar jmh PreprocessPerCoreBenchmark -rf json -rff per-core.json},
 * then {@code ... cores-per-gpu --jmh-json per-core.json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PreprocessPerCoreBenchmark {

    /** Input mode. */
    @Param({"EXACT", "FAST", "PASSTHROUGH"})
    public SpeedMode speed;

    /** Source JPEG size, WIDTHxHEIGHT. */
    @Param({"640x480", "1920x1080"})
    public String image;

    private ImagePreprocessor preprocessor;
    private byte[] jpeg;
    private ResizeSpec spec;

    /** Builds the preprocessor and the sample JPEG once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] size = image.split("x");
        jpeg = SampleJpegs.jpeg(Integer.parseInt(size[0]), Integer.parseInt(size[1]), 42);
        preprocessor = ImagePreprocessor.builder().build();
        spec = ResizeSpec.centerCrop(224);
    }

    /** One image: decode + resize + crop (EXACT, FAST) or header checks and a copy (PASSTHROUGH). */
    @Benchmark
    public PreprocessedImage preprocess() {
        return preprocessor.preprocess(jpeg, spec, speed);
    }
}
