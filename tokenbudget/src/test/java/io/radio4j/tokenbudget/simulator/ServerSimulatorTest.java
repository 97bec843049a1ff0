package io.radio4j.tokenbudget.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServerSimulatorTest {

    private final CalibrationProfile profile = CalibrationProfile.defaultProfile();

    private List<SimRequest> requests(double rate, double seconds, long seed) {
        List<Long> arrivals = Arrivals.generate(t -> rate, 1.0, seconds, seed);
        SplittableRandom classes = new SplittableRandom(seed);
        return ServerSimulator.requests(arrivals, 32, 128,
                () -> classes.nextDouble() < 0.3 ? TaskClassCurve.DENSE_READING : TaskClassCurve.GENERAL);
    }

    private ServerSimulator.Config server(long seed) {
        return new ServerSimulator.Config(profile.serviceTime(), 1.0, 8192, 0.02, seed);
    }

    @Test
    void should_reproduce_the_profile_for_a_lone_request() {
        List<SimRequest> one = List.of(new SimRequest(0, 0, java.util.Collections.nCopies(32, "general"), 128));
        for (int k : new int[] {1, 64, 256}) {
            var out = ServerSimulator.run(one, new StaticPolicy(k), new SimClock(),
                    new ServerSimulator.Config(profile.serviceTime(), 1.0, 8192, 0, 1));
            assertThat(out.getFirst().ttftMs()).isCloseTo(profile.serviceTime().serviceMs(32 * k + 128), within(1e-3));
        }
    }

    @Test
    void should_conserve_requests_and_serve_them_in_arrival_order() {
        List<SimRequest> reqs = requests(3.0, 200, 1);
        SimClock clock = new SimClock();
        ControllerPolicy controller = new ControllerPolicy("controller", clock,
                c -> TokenBudgetController.builder().profile(profile).clock(c).shedUnreachable(true).build(), 500, 0.9);
        for (Policy policy : List.of(new StaticPolicy(128), controller)) {
            SimClock simClock = policy == controller ? clock : new SimClock();
            var out = ServerSimulator.run(reqs, policy, simClock, server(1));
            assertThat(out).hasSameSizeAs(reqs).doesNotContainNull();
            long served = out.stream().filter(o -> !o.shed()).count();
            long shed = out.stream().filter(ServerSimulator.Outcome::shed).count();
            assertThat(served + shed).isEqualTo(reqs.size());
            List<ServerSimulator.Outcome> byCompletion = out.stream().filter(o -> !o.shed())
                    .sorted(Comparator.comparingInt(ServerSimulator.Outcome::order)).toList();
            for (int i = 1; i < byCompletion.size(); i++) {
                assertThat(byCompletion.get(i).request().id()).isGreaterThan(byCompletion.get(i - 1).request().id());
                assertThat(byCompletion.get(i).completionNanos()).isGreaterThanOrEqualTo(byCompletion.get(i - 1).completionNanos());
            }
            assertThat(out.stream().filter(o -> !o.shed())).allSatisfy(o -> {
                assertThat(o.ttftMs()).isGreaterThan(0);
                assertThat((double) o.completionNanos()).isCloseTo(o.request().arrivalNanos() + o.ttftMs() * 1e6, within(2.0));
            });
        }
    }

    @Test
    void should_be_deterministic_for_a_seed() {
        var a = ServerSimulator.run(requests(1.5, 100, 7), new StaticPolicy(64), new SimClock(), server(7));
        var b = ServerSimulator.run(requests(1.5, 100, 7), new StaticPolicy(64), new SimClock(), server(7));
        assertThat(a).extracting(ServerSimulator.Outcome::ttftMs).isEqualTo(b.stream().map(ServerSimulator.Outcome::ttftMs).toList());
    }

    @Test
    void should_generate_poisson_and_bursty_arrivals_at_the_asked_rate() {
        for (double shape : new double[] {1.0, 0.5}) {
            List<Long> t = Arrivals.generate(x -> 4.0, shape, 5000, 3);
            assertThat(t.size() / 5000.0).isCloseTo(4.0, within(0.15));
            double[] gaps = new double[t.size() - 1];
            for (int i = 1; i < t.size(); i++) {
                gaps[i - 1] = (t.get(i) - t.get(i - 1)) / 1e9;
            }
            double mean = java.util.Arrays.stream(gaps).average().orElseThrow();
            double var = java.util.Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow();
            // Squared coefficient of variation of gamma gaps is 1/shape.
            assertThat(var / (mean * mean)).isCloseTo(1 / shape, within(0.15 / shape));
        }
    }
}
