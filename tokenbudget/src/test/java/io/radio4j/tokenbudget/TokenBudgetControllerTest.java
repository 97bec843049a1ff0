package io.radio4j.tokenbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBudgetControllerTest {

    private static final long SECOND = 1_000_000_000L;
    private final CalibrationProfile profile = CalibrationProfile.defaultProfile();
    private final AtomicLong clock = new AtomicLong(0);

    private TokenBudgetController controller() {
        return TokenBudgetController.builder().profile(profile).clock(clock::get).build();
    }

    private static BudgetRequest request(int images, double targetMs) {
        return BudgetRequest.builder().images(images).ttftTargetMs(targetMs).build();
    }

    @Test
    void should_give_every_image_full_tokens_when_idle_and_the_target_is_loose() {
        BudgetDecision d = controller().decide(request(4, 1000));
        assertThat(d.tokensPerImage()).containsOnly(256);
        assertThat(d.reason()).isEqualTo(DecisionReason.FULL_QUALITY);
        assertThat(d.predictedServiceMs()).isCloseTo(profile.serviceTime().serviceMs(4 * 256 + 128), within(0.01));
        assertThat(d.expectedAccuracy()).isCloseTo(73.29, within(1e-9));
        assertThat(d.predictedTtftMs()).isLessThanOrEqualTo(1000);
    }

    @Test
    void should_cut_tokens_to_meet_a_tight_target() {
        BudgetDecision d = controller().decide(request(32, 380));
        assertThat(d.reason()).isEqualTo(DecisionReason.TTFT_TARGET);
        assertThat(d.predictedTtftMs()).isLessThanOrEqualTo(380);
        assertThat(d.totalVisualTokens()).isLessThan(32 * 256).isGreaterThan(32 * 32);
    }

    @Test
    void should_report_an_unreachable_target_and_shed_only_when_asked() {
        BudgetRequest r = BudgetRequest.builder().imageClasses(List.of("general", "dense-reading")).ttftTargetMs(100).build();
        BudgetDecision kept = controller().decide(r);
        assertThat(kept.reason()).isEqualTo(DecisionReason.TARGET_UNREACHABLE);
        assertThat(kept.tokensPerImage()).containsExactly(1, 32);
        assertThat(kept.admitted()).isTrue();
        TokenBudgetController shedding = TokenBudgetController.builder().profile(profile).clock(clock::get)
                .shedUnreachable(true).build();
        BudgetDecision shed = shedding.decide(r);
        assertThat(shed.reason()).isEqualTo(DecisionReason.SHED);
        assertThat(shed.admitted()).isFalse();
        shedding.observe(shed, 50); // ignored, no error
        assertThat(shedding.state().observations()).isZero();
        assertThat(shedding.state().backlogMs()).isZero();
    }

    @Test
    void should_end_a_prompt_on_the_prefill_step_boundary_when_later_arrivals_are_likely() {
        // One level only, so that the load level cannot be what trims the prompt.
        TokenBudgetController c = TokenBudgetController.builder().profile(profile).clock(clock::get)
                .levels(List.of(256)).build();
        // Two arrivals a second (each ~330 ms of work): someone will join the last step of an
        // 8320-token prompt.
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(SECOND / 2);
            BudgetDecision d = c.decide(request(1, 2000));
            c.observe(d, d.predictedWaitMs() + d.predictedServiceMs());
        }
        clock.addAndGet(SECOND); // server idle, arrival rate still high
        BudgetDecision d = c.decide(request(32, 520));
        assertThat(d.totalTokens()).isEqualTo(8192); // 32 × 256 + 128 = 8320 would spill into a shared step
        assertThat(d.exposureMs()).isZero();
        assertThat(d.reason()).isEqualTo(DecisionReason.TTFT_TARGET);
    }

    @Test
    void should_use_only_measured_token_counts_in_exact_mode() {
        TokenBudgetController c = TokenBudgetController.builder().profile(profile).clock(clock::get)
                .allocationMode(AllocationMode.MEASURED_POINTS_EXACT).build();
        BudgetDecision d = c.decide(BudgetRequest.builder().images(4).ttftTargetMs(1000).maxTotalTokens(300).build());
        assertThat(d.tokensPerImage()).allSatisfy(k -> assertThat(List.of(1, 8, 32, 64, 128, 192, 224, 256)).contains(k));
        assertThat(d.totalVisualTokens()).isLessThanOrEqualTo(300);
    }

    @Test
    void should_respect_a_total_token_cap() {
        BudgetDecision d = controller().decide(BudgetRequest.builder().images(8).ttftTargetMs(1000).maxTotalTokens(300).build());
        assertThat(d.reason()).isEqualTo(DecisionReason.TOKEN_CAP);
        assertThat(d.totalVisualTokens()).isEqualTo(300);
    }

    @Test
    void should_apply_per_class_floors_from_the_builder() {
        TokenBudgetController c = TokenBudgetController.builder().profile(profile).clock(clock::get)
                .floor(TaskClassCurve.GENERAL, 16).build();
        BudgetDecision d = c.decide(BudgetRequest.builder().images(3).ttftTargetMs(1000).maxTotalTokens(10).build());
        assertThat(d.tokensPerImage()).containsOnly(16);
        assertThatThrownBy(() -> TokenBudgetController.builder().floor("charts", 3).build())
                .isInstanceOf(TokenBudgetException.class).hasMessageContaining("charts");
    }

    @Test
    void should_give_later_requests_fewer_tokens_while_earlier_ones_are_queued() {
        TokenBudgetController c = controller();
        BudgetDecision first = c.decide(request(32, 900));
        BudgetDecision second = c.decide(request(32, 900));
        assertThat(second.predictedWaitMs()).isGreaterThan(300);
        assertThat(second.totalVisualTokens()).isLessThan(first.totalVisualTokens());
        assertThat(second.predictedTtftMs()).isLessThanOrEqualTo(900);
    }

    @Test
    void should_learn_a_slower_server_from_an_isolated_synthetic_trace() {
        TokenBudgetController c = controller();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 400; i++) {
            clock.addAndGet(5 * SECOND);
            int images = 1 + random.nextInt(32);
            BudgetDecision d = c.decide(request(images, 2000));
            double trueService = 1.25 * profile.serviceTime().serviceMs(d.totalTokens()) * (1 + 0.02 * (random.nextDouble() - 0.5));
            clock.addAndGet((long) (trueService * 1e6));
            c.observe(d, trueService);
        }
        assertThat(c.state().serviceScale()).isCloseTo(1.25, within(0.01));
        clock.addAndGet(5 * SECOND);
        BudgetDecision next = c.decide(request(32, 2000));
        assertThat(next.predictedServiceMs()).isCloseTo(1.25 * profile.serviceTime().serviceMs(next.totalTokens()), within(3.0));
        // Prediction errors are small once learned, so the margin is too.
        assertThat(c.state().residualP90Ms()).isLessThan(10);
    }

    @Test
    void should_lower_its_level_under_sustained_load_and_raise_it_slowly_when_load_ends() {
        TokenBudgetController c = controller();
        // 3 requests per second of 32 images: more than the server can take at 256 tokens.
        List<BudgetDecision> pending = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            clock.addAndGet(SECOND / 3);
            BudgetDecision d = c.decide(BudgetRequest.builder().images(32).ttftTargetMs(500).build());
            pending.add(d);
            // Completions as predicted, observed when due.
            pending.removeIf(p -> {
                long done = p.decidedAtNanos() + (long) ((p.predictedWaitMs() + p.predictedServiceMs()) * 1e6);
                if (done <= clock.get()) {
                    c.observe(p, (done - p.decidedAtNanos()) / 1e6);
                    return true;
                }
                return false;
            });
        }
        int loaded = c.state().levelTokens();
        assertThat(loaded).isLessThan(256);
        long changes = c.state().levelChanges();
        // Then one request every 10 s: the level climbs, at most one rung per up-dwell.
        for (int i = 0; i < 6; i++) {
            clock.addAndGet(10 * SECOND);
            BudgetDecision d = c.decide(request(32, 500));
            clock.addAndGet((long) ((d.predictedWaitMs() + d.predictedServiceMs()) * 1e6));
            c.observe(d, d.predictedWaitMs() + d.predictedServiceMs());
        }
        assertThat(c.state().levelTokens()).isGreaterThan(loaded);
        assertThat(c.state().levelChanges() - changes).isLessThanOrEqualTo(60 / 30 + 1);
    }

    @Test
    void should_reject_bad_observations_and_requests_with_typed_errors() {
        TokenBudgetController c = controller();
        BudgetDecision d = c.decide(request(2, 500));
        assertThatThrownBy(() -> c.observe(d, -1)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> c.observe(d, Double.NaN)).isInstanceOf(InvalidRequestException.class);
        BudgetDecision future = new BudgetDecision(d.tokensPerImage(), d.imageClasses(), d.textTokens(), 500, 0.9, 1, 0, 1,
                0, 70, DecisionReason.FULL_QUALITY, true, 256, 10 * SECOND, 99);
        assertThatThrownBy(() -> c.observe(future, 100)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another controller");
        assertThatThrownBy(() -> c.decide(BudgetRequest.builder().imageClasses(List.of("charts")).ttftTargetMs(500).build()))
                .isInstanceOf(TokenBudgetException.class).hasMessageContaining("charts");
        TokenBudgetController small = TokenBudgetController.builder().profile(profile).maxImages(4).build();
        assertThatThrownBy(() -> small.decide(request(5, 500))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("maxImages");
        assertThatThrownBy(() -> c.decide(BudgetRequest.builder().textTokens(Integer.MAX_VALUE).ttftTargetMs(500).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxTextTokens");
        assertThatThrownBy(() -> request(0, 500)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> BudgetRequest.builder().images(2).imageClasses(List.of("general")).images(2).ttftTargetMs(1).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one entry per image");
        assertThatThrownBy(() -> BudgetRequest.builder().ttftTargetMs(500).quantile(1).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("quantile");
        assertThatThrownBy(() -> BudgetRequest.builder().build()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ttftTargetMs");
    }

    @Test
    void should_round_trip_requests_and_decisions_through_json() throws Exception {
        ObjectMapper json = new ObjectMapper();
        BudgetRequest r = BudgetRequest.builder().imageClasses(List.of("general", "dense-reading")).ttftTargetMs(450)
                .maxTotalTokens(200).build();
        assertThat(json.readValue(json.writeValueAsString(r), BudgetRequest.class)).isEqualTo(r);
        BudgetDecision d = controller().decide(r);
        String text = json.writeValueAsString(d);
        assertThat(text).contains("\"reason\":\"" + d.reason().name() + "\"");
        assertThat(json.readValue(text, BudgetDecision.class)).isEqualTo(d);
    }

    @Test
    void should_stay_consistent_under_concurrent_decide_and_observe() throws Exception {
        TokenBudgetController c = TokenBudgetController.builder().profile(profile).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> futures = new ArrayList<>();
        List<BudgetDecision> all = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    BudgetDecision d = c.decide(request(8, 500));
                    all.add(d);
                    c.observe(d, 350);
                }
                return 500;
            }));
        }
        for (Future<Integer> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(c.state().decisions()).isEqualTo(2000);
        assertThat(c.state().observations()).isEqualTo(2000);
        assertThat(all).extracting(BudgetDecision::sequence).doesNotHaveDuplicates();
    }
}
