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
 * the server model is idle at every arrival; at 400 ms requests queue behind one another. With
 * {@code queued = 10000}, 10,000 requests are admitted (and never observed) before measuring, so
 * {@code decide} runs with 10,000 requests in its queue model: the cost must not grow with it (the
 * queue is kept as summed features). Sample mode reports percentiles (p0.99).
 *
 * <p>HOW TO RUN (from the repository root, after {@code ./mvnw -pl benchmarks package}):
 * <pre>
 * java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *   org.openjdk.jmh.Main DecideBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecideBenchmark {

    @Param({"1", "32"})
    public int images;

    /** Time between requests; 0 keeps every admitted request queued, so the queue only grows. */
    @Param({"1000", "400"})
    public long gapMillis;

    @Param({"0", "10000"})
    public int queued;

    private long nowNanos;
    private TokenBudgetController controller;
    private BudgetRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        controller = TokenBudgetController.builder()
                .profile(CalibrationProfile.defaultProfile())
                .clock(() -> nowNanos)
                .maxQueued(1_000_000)
                .build();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            classes.add(i % 10 < 3 ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL);
        }
        request =
                BudgetRequest.builder().imageClasses(classes).ttftTargetMs(500).build();
        BudgetRequest loose =
                BudgetRequest.builder().images(1).ttftTargetMs(1e12).build();
        for (int i = 0; i < queued; i++) {
            controller.decide(loose);
        }
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
