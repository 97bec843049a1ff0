package io.radio4j.benchmarks.image;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH throughput of one preprocessing call (decode + orient + convert + resize), per mode, on the
 * JPEGs {@code pillow_preprocess_bench.py --make-images} writes. The side-by-side comparison with
 * Pillow is {@link PreprocessSideBySide}; this is the JMH view for profiling and regressions.
 *
 * <p>HOW TO RUN (from the repository root, after {@code ./mvnw -pl benchmarks package}):
 * <pre>
 * taskset -c 1 java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *   org.openjdk.jmh.Main PreprocessBenchmark -p images=benchmarks/target/preprocess-images
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PreprocessBenchmark {

    @Param({"benchmarks/target/preprocess-images"})
    public String images;

    @Param({"img_640x480.jpg", "img_1920x1080.jpg"})
    public String image;

    @Param({"224", "512"})
    public int size;

    @Param({"center_crop"})
    public String mode;

    @Param({"EXACT", "FAST", "PASSTHROUGH"})
    public SpeedMode speed;

    private ImagePreprocessor preprocessor;
    private byte[] data;
    private ResizeSpec spec;

    @Setup
    public void setUp() throws Exception {
        preprocessor = ImagePreprocessor.builder().build();
        data = Files.readAllBytes(Path.of(images, image));
        spec = PreprocessSideBySide.spec(mode, size);
    }

    @Benchmark
    public PreprocessedImage preprocess() {
        return preprocessor.preprocess(data, spec, speed);
    }
}
