package io.radio4j.tokenbudget.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Short scenario runs (simulated minutes, wall-clock well under a second each): qualitative properties. */
class ScenarioTest {

    private final CalibrationProfile profile = CalibrationProfile.defaultProfile();
    private final Function<LongSupplier, TokenBudgetController> controller =
            clock -> TokenBudgetController.builder().profile(profile).clock(clock).shedUnreachable(true).build();

    private List<ScenarioS1.Point> s1(double... loads) {
        ScenarioS1.Config std = ScenarioS1.Config.standard();
        ScenarioS1.Config c = new ScenarioS1.Config(std.targetMs(), std.quantile(), 0, std.images(), std.textTokens(),
                std.denseShare(), loads, 400, 60, std.stepTokenBudget(), std.noiseCv(), 1.0, 1.0, 99);
        return ScenarioS1.run(profile, c, controller);
    }

    @Test
    void should_beat_static_k_on_goodput_past_capacity_and_keep_served_requests_on_target() {
        ScenarioS1.Point overload = s1(1.2).getFirst();
        RunSummary ctl = overload.runs().getFirst();
        for (RunSummary r : overload.runs().subList(1, overload.runs().size())) {
            assertThat(ctl.goodput()).as("goodput vs " + r.policy()).isGreaterThan(r.goodput());
        }
        assertThat(ctl.shed()).isPositive();
        assertThat(ctl.p90Ms()).isLessThanOrEqualTo(500);
    }

    @Test
    void should_be_more_accurate_than_the_static_k_with_the_same_attainment_at_light_load() {
        ScenarioS1.Point light = s1(0.2).getFirst();
        RunSummary ctl = light.runs().getFirst();
        RunSummary static8 = light.runs().get(1);
        assertThat(ctl.meanAccuracy()).isGreaterThan(static8.meanAccuracy() + 10);
        assertThat(ctl.attainment()).isGreaterThan(static8.attainment() - 0.03);
    }

    @Test
    void should_lower_tokens_during_a_load_step_and_keep_served_p90_under_target() {
        ScenarioS2.Config c = new ScenarioS2.Config(500, 0.9, 0.2, 3, 120, 240, 300, 10, 1.0, 8192, 0.02, 5);
        List<ScenarioS2.Trace> traces = ScenarioS2.run(profile, c, controller, new int[] {256});
        ScenarioS2.Trace ctl = traces.getFirst();
        double before = ctl.samples().stream().filter(s -> s.time() > 90 && s.time() <= 120)
                .mapToDouble(ScenarioS2.Sample::meanTokens).filter(Double::isFinite).average().orElseThrow();
        double during = ctl.samples().stream().filter(s -> s.time() > 180 && s.time() <= 240)
                .mapToDouble(ScenarioS2.Sample::meanTokens).filter(Double::isFinite).average().orElseThrow();
        assertThat(during).isLessThan(before);
        // Over the whole step, the served requests' p99 stays near the target (single windows of a
        // dozen requests are too small for a stable p90; the full S2 run reports settling).
        assertThat(ctl.p99DuringStepMs()).isLessThanOrEqualTo(520);
        assertThat(traces.get(1).settleSeconds()).isNaN(); // static-256 never recovers during the step
        assertThat(ctl.levelChangesPerMin()).isLessThanOrEqualTo(2);
    }

    @Test
    void should_allocate_at_least_as_well_as_uniform_and_never_starve_documents() {
        List<ScenarioS3.Row> rows = ScenarioS3.run(profile, new ScenarioS3.Config(new int[] {4, 32}, new int[] {16, 64}, 400, 8));
        for (ScenarioS3.Row mu : rows.stream().filter(r -> r.allocator().equals("marginal-utility")).toList()) {
            ScenarioS3.Row uniform = find(rows, mu, "uniform");
            ScenarioS3.Row oracle = find(rows, mu, "oracle");
            assertThat(mu.accuracy()).isGreaterThanOrEqualTo(uniform.accuracy());
            assertThat(mu.documentAccuracy()).isGreaterThanOrEqualTo(uniform.documentAccuracy());
            assertThat(oracle.accuracy()).isGreaterThanOrEqualTo(mu.accuracy());
        }
    }

    @Test
    void should_give_the_oracle_exactly_the_items_it_can_afford() {
        assertThat(ScenarioS3.oracle(new int[] {5, 300, 2, 9}, 4 + 1 + 4)).containsExactly(5, 1, 2, 1);
        assertThat(ScenarioS3.uniform(3, 10)).containsExactly(4, 3, 3);
        assertThat(ScenarioS3.classAware(new int[] {0, 2}, new double[] {2, 1.5, 1}, 30)).containsExactly(20, 10);
    }

    private static ScenarioS3.Row find(List<ScenarioS3.Row> rows, ScenarioS3.Row like, String allocator) {
        return rows.stream().filter(r -> r.images() == like.images() && r.tokensPerImage() == like.tokensPerImage()
                && r.allocator().equals(allocator)).findFirst().orElseThrow();
    }
}
