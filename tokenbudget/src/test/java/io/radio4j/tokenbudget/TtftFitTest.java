package io.radio4j.tokenbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtftFitTest {

    /** A server the fit does not know: parameters chosen here, TTFT from the closed-loop law plus noise. */
    private static final TtftParameters TRUTH = new TtftParameters(180, 12, 4.5, 0.02, 30, 8192, List.of());

    /** A synthetic sweep: 1..32 images × k levels × concurrency 1, 4, 16, with 2% multiplicative noise. */
    private static List<TtftFit.CalibrationPoint> sweep(TtftParameters truth, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TtftFit.CalibrationPoint> points = new ArrayList<>();
        for (int images : new int[] {1, 2, 8, 32}) {
            for (int k : new int[] {1, 32, 128, 256}) {
                for (int c : new int[] {1, 4, 16}) {
                    TtftFit.CalibrationPoint exact = new TtftFit.CalibrationPoint(images, k, 128, c, 1, 50);
                    double ttft = TtftFit.predict(truth, exact) * (1 + 0.02 * (2 * random.nextDouble() - 1));
                    points.add(new TtftFit.CalibrationPoint(images, k, 128, c, ttft, 50));
                }
            }
        }
        return points;
    }

    private static TtftParameters vaguePrior() {
        return new TtftParameters(100, 50, 1, 0.01, 10, 8192, List.of(1000.0, 500.0, 50.0, 1.0, 500.0));
    }

    @Test
    void should_recover_known_parameters_from_a_synthetic_sweep() {
        TtftFit.Result fit = new TtftFit(8192, vaguePrior()).fit(sweep(TRUTH, 1));
        TtftParameters p = fit.parameters();
        assertThat(p.latencyMs()).isCloseTo(180, within(15.0));
        assertThat(p.perRequestMs()).isCloseTo(12, within(3.0));
        assertThat(p.perImageMs()).isCloseTo(4.5, within(0.5));
        assertThat(p.perTokenMs()).isCloseTo(0.02, within(0.002));
        assertThat(p.perStepMs()).isCloseTo(30, within(15.0));
        // Each parameter's uncertainty is stated and covers its error (within 4 standard deviations).
        double[] truth = TRUTH.toArray();
        double[] got = p.toArray();
        for (int i = 0; i < TtftParameters.SIZE; i++) {
            assertThat(p.stddevMs().get(i)).as(TtftParameters.NAMES.get(i)).isPositive();
            assertThat(Math.abs(got[i] - truth[i]))
                    .as(TtftParameters.NAMES.get(i))
                    .isLessThanOrEqualTo(4 * p.stddevMs().get(i) + 1e-9);
        }
        // The fit error is reported for every point and is at the noise level.
        assertThat(fit.errors()).hasSize(48);
        assertThat(fit.errors())
                .allSatisfy(e -> assertThat(Math.abs(e.relativeError())).isLessThan(0.05));
        assertThat(fit.errors()).anySatisfy(e -> assertThat(e.saturated()).isTrue());
    }

    @Test
    void should_separate_pipelined_latency_from_engine_time_only_with_saturated_points() {
        List<TtftFit.CalibrationPoint> unloaded =
                sweep(TRUTH, 2).stream().filter(p -> p.concurrency() == 1).toList();
        TtftParameters prior = vaguePrior();
        TtftParameters fromUnloaded = new TtftFit(8192, prior).fit(unloaded).parameters();
        TtftParameters fromAll = new TtftFit(8192, prior).fit(sweep(TRUTH, 2)).parameters();
        // Unloaded points fix latency + perRequest, not the split: the split stays uncertain.
        assertThat(fromUnloaded.latencyMs() + fromUnloaded.perRequestMs()).isCloseTo(192, within(10.0));
        assertThat(fromUnloaded.stddevMs().get(0))
                .isGreaterThan(5 * fromAll.stddevMs().get(0));
        assertThat(fromAll.latencyMs()).isCloseTo(180, within(15.0));
    }

    @Test
    void should_fit_a_profile_written_by_the_calibration_command(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sweep.csv");
        StringBuilder text = new StringBuilder("images,tokens_per_image,text_tokens,concurrency,ttft_ms\n");
        SplittableRandom random = new SplittableRandom(3);
        for (TtftFit.CalibrationPoint p : sweep(TRUTH, 3)) {
            for (int r = 0; r < 5; r++) { // per-request rows; the command takes the median per point
                double ttft = p.ttftMs() * (1 + 0.01 * (2 * random.nextDouble() - 1));
                text.append(p.images())
                        .append(',')
                        .append(p.tokensPerImage())
                        .append(',')
                        .append(p.textTokens())
                        .append(',')
                        .append(p.concurrency())
                        .append(',')
                        .append(ttft)
                        .append('\n');
            }
        }
        Files.writeString(csv, text);
        Path out = dir.resolve("profile.json");
        CalibrateCommand.main(
                new String[] {"--sweep", csv.toString(), "--out", out.toString(), "--step-tokens", "8192"});
        CalibrationProfile profile = CalibrationProfile.load(out);
        assertThat(profile.ttftModel()).isNotNull();
        assertThat(profile.ttftModel().perImageMs()).isCloseTo(4.5, within(0.5));
        assertThat(Files.readString(out)).contains("\"errorMs\"").contains("\"rmsMs\"");
        // Accuracy curves stay the card's (the command measures time, not accuracy).
        assertThat(profile.classes().keySet())
                .isEqualTo(CalibrationProfile.defaultProfile().classes().keySet());
    }

    @Test
    void should_read_genai_perf_csv_exports(@TempDir Path dir) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("--out", dir.resolve("p.json").toString()));
        for (TtftFit.CalibrationPoint p : sweep(TRUTH, 4)) {
            Path f = dir.resolve("run-" + p.images() + "-" + p.tokensPerImage() + "-" + p.concurrency() + ".csv");
            Files.writeString(f, """
                    Metric,avg,min,max,p99,p95,p90,p75,p50,p25
                    Time To First Token (ms),%s,1,2,3,4,5,6,%s,7
                    Request Latency (ms),900,1,2,3,4,5,6,7,8

                    Metric,Value
                    Request Throughput (per sec),3.2
                    Request Count (count),50
                    """.formatted(p.ttftMs() + 5, p.ttftMs()));
            args.add("--genai-perf");
            args.add(f + ":images=" + p.images() + ",tokens_per_image=" + p.tokensPerImage()
                    + ",text_tokens=128,concurrency=" + p.concurrency());
        }
        CalibrateCommand.main(args.toArray(String[]::new));
        CalibrationProfile profile = CalibrationProfile.load(dir.resolve("p.json"));
        assertThat(profile.ttftModel().latencyMs()).isCloseTo(180, within(15.0));
    }

    @Test
    void should_reject_bad_calibration_input_with_a_clear_error(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "images,tokens_per_image,text_tokens,concurrency,ttft_ms\n2,abc,1,1,5\n");
        assertThatThrownBy(() -> CalibrateCommand.main(new String[] {
                    "--sweep", csv.toString(), "--out", dir.resolve("x.json").toString()
                }))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> new TtftFit(8192, vaguePrior()).fit(List.of())).isInstanceOf(ProfileException.class);
    }
}
