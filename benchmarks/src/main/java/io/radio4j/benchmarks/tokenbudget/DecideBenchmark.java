package io.radio4j.benchmarks.tokenbudget;

import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long one {@code decide} takes (and one {@code decide} + {@code observe}), for requests of 1
 * and 32 images with 30% dense-reading images, on the shipped profile.
 *
 * <p>The controller reads a fake clock that advances by {@code gapMillis} per request: at 1000 ms
 * the server model is idle at every arrival; at 400 ms requests queue behind one another (the
 * service of a 32-image request is 330–450 ms), so the queue model has work to walk.
 *
 * <p>HOW TO RUN (from the repository root, after {@code ./mvnw -pl benchmarks package}):
 * <pre>
 * java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *   org.openjdk.jmh.Main DecideBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecideBenchmark {

    @Param({"1", "32"})
    public int images;

    @Param({"1000", "400"})
    public long gapMillis;

    private long nowNanos;
    private TokenBudgetController controller;
    private BudgetRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        controller = TokenBudgetController.builder()
                .profile(CalibrationProfile.defaultProfile())
                .clock(() -> nowNanos)
                .build();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            classes.add(i % 10 < 3 ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL);
        }
        request = BudgetRequest.builder().imageClasses(classes).ttftTargetMs(500).build();
    }

    @Benchmark
    public BudgetDecision decide() {
        nowNanos += gapMillis * 1_000_000;
        return controller.decide(request);
    }

    @Benchmark
    public BudgetDecision decideAndObserve() {
        nowNanos += gapMillis * 1_000_000;
        BudgetDecision d = controller.decide(request);
        // Report the predicted TTFT as measured: the feedback path runs in full, the queue stays bounded.
        controller.observe(d, d.predictedWaitMs() + d.predictedServiceMs());
        return d;
    }
}
