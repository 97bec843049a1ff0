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
        return TokenBudgetController.builder()
                .profile(profile)
                .clock(clock::get)
                .build();
    }

    private static BudgetRequest request(int images, double targetMs) {
        return BudgetRequest.builder().images(images).ttftTargetMs(targetMs).build();
    }

    @Test
    void should_give_every_image_full_tokens_when_idle_and_the_target_is_loose() {
        BudgetDecision d = controller().decide(request(4, 1000));
        assertThat(d.tokensPerImage()).containsOnly(256);
        assertThat(d.reason()).isEqualTo(DecisionReason.FULL_QUALITY);
        assertThat(d.predictedServiceMs())
                .isCloseTo(profile.ttftParameters().soloTtftMs(4, 4 * 256 + 128), within(5.0));
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
        BudgetRequest r = BudgetRequest.builder()
                .imageClasses(List.of("general", "dense-reading"))
                .ttftTargetMs(100)
                .build();
        BudgetDecision kept = controller().decide(r);
        assertThat(kept.reason()).isEqualTo(DecisionReason.TARGET_UNREACHABLE);
        assertThat(kept.tokensPerImage()).containsExactly(1, 32);
        assertThat(kept.admitted()).isTrue();
        TokenBudgetController shedding = TokenBudgetController.builder()
                .profile(profile)
                .clock(clock::get)
                .shedUnreachable(true)
                .build();
        BudgetDecision shed = shedding.decide(r);
        assertThat(shed.reason()).isEqualTo(DecisionReason.SHED);
        assertThat(shed.admitted()).isFalse();
        shedding.observe(shed, 50); // ignored, no error
        assertThat(shedding.state().observations()).isZero();
        assertThat(shedding.state().backlogMs()).isZero();
    }

    @Test
    void should_price_a_request_by_its_shape_not_by_its_total_tokens_alone() {
        TokenBudgetController c = controller();
        TtftParameters m = profile.ttftParameters();
        BudgetDecision one = c.decide(BudgetRequest.builder()
                .images(1)
                .textTokens(128 + 31 * 64)
                .ttftTargetMs(5000)
                .build());
        clock.addAndGet(100 * SECOND);
        BudgetDecision many = c.decide(BudgetRequest.builder()
                .images(32)
                .textTokens(128)
                .ttftTargetMs(5000)
                .maxTotalTokens(31 * 64 + 256)
                .build());
        // Same prompt length, 31 images fewer: cheaper by the per-image engine time.
        assertThat(one.totalTokens()).isEqualTo(many.totalTokens());
        assertThat(many.predictedServiceMs() - one.predictedServiceMs()).isCloseTo(31 * m.perImageMs(), within(1e-6));
        assertThat(m.perImageMs()).isPositive();
    }

    @Test
    void should_use_only_measured_token_counts_in_exact_mode() {
        TokenBudgetController c = TokenBudgetController.builder()
                .profile(profile)
                .clock(clock::get)
                .allocationMode(AllocationMode.MEASURED_POINTS_EXACT)
                .build();
        BudgetDecision d = c.decide(BudgetRequest.builder()
                .images(4)
                .ttftTargetMs(1000)
                .maxTotalTokens(300)
                .build());
        assertThat(d.tokensPerImage())
                .allSatisfy(k ->
                        assertThat(List.of(1, 8, 32, 64, 128, 192, 224, 256)).contains(k));
        assertThat(d.totalVisualTokens()).isLessThanOrEqualTo(300);
    }

    @Test
    void should_respect_a_total_token_cap() {
        BudgetDecision d = controller()
                .decide(BudgetRequest.builder()
                        .images(8)
                        .ttftTargetMs(1000)
                        .maxTotalTokens(300)
                        .build());
        assertThat(d.reason()).isEqualTo(DecisionReason.TOKEN_CAP);
        assertThat(d.totalVisualTokens()).isEqualTo(300);
    }

    @Test
    void should_apply_per_class_floors_from_the_builder() {
        TokenBudgetController c = TokenBudgetController.builder()
                .profile(profile)
                .clock(clock::get)
                .floor(TaskClassCurve.GENERAL, 16)
                .build();
        BudgetDecision d = c.decide(BudgetRequest.builder()
                .images(3)
                .ttftTargetMs(1000)
                .maxTotalTokens(10)
                .build());
        assertThat(d.tokensPerImage()).containsOnly(16);
        assertThatThrownBy(
                        () -> TokenBudgetController.builder().floor("charts", 3).build())
                .isInstanceOf(TokenBudgetException.class)
                .hasMessageContaining("charts");
    }

    @Test
    void should_give_later_requests_fewer_tokens_while_earlier_ones_are_queued() {
        TokenBudgetController c = controller();
        BudgetDecision first = c.decide(request(32, 750));
        BudgetDecision second = c.decide(request(32, 750));
        assertThat(second.predictedWaitMs())
                .isCloseTo(profile.ttftParameters().queuedEngineMs(32, first.totalTokens()), within(5.0));
        assertThat(second.totalVisualTokens()).isLessThan(first.totalVisualTokens());
        assertThat(second.predictedTtftMs()).isLessThanOrEqualTo(750);
    }

    @Test
    void should_learn_a_slower_server_from_an_isolated_synthetic_trace() {
        TokenBudgetController c = controller();
        TtftParameters slow = profile.ttftParameters().withEngineScaled(1.25);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 400; i++) {
            clock.addAndGet(5 * SECOND);
            int images = 1 + random.nextInt(32);
            BudgetDecision d = c.decide(request(images, 2000));
            double truth = slow.soloTtftMs(images, d.totalTokens()) * (1 + 0.02 * (random.nextDouble() - 0.5));
            clock.addAndGet((long) (truth * 1e6));
            c.observe(d, truth);
        }
        clock.addAndGet(5 * SECOND);
        BudgetDecision next = c.decide(request(32, 2000));
        assertThat(next.predictedServiceMs()).isCloseTo(slow.soloTtftMs(32, next.totalTokens()), within(5.0));
        // Prediction errors are small once learned.
        assertThat(c.state().noiseMs()).isLessThan(10);
    }

    @Test
    void should_cut_tokens_under_sustained_load_and_return_to_full_quality_when_load_ends() {
        TokenBudgetController c = controller();
        TtftParameters truth = profile.ttftParameters();
        // 5 requests per second of 32 images on a FIFO engine: more than it takes at 256 tokens.
        List<BudgetDecision> pending = new ArrayList<>();
        List<Long> doneAt = new ArrayList<>();
        long engineFree = 0;
        int loadedTokens = 0;
        for (int i = 0; i < 600; i++) {
            clock.addAndGet(SECOND / 5);
            for (int j = pending.size() - 1; j >= 0; j--) {
                if (doneAt.get(j) <= clock.get()) {
                    BudgetDecision p = pending.remove(j);
                    c.observe(p, (doneAt.remove(j) - p.decidedAtNanos()) / 1e6);
                }
            }
            BudgetDecision d = c.decide(
                    BudgetRequest.builder().images(32).ttftTargetMs(600).build());
            long start = Math.max(clock.get(), engineFree);
            engineFree = start + (long) (truth.engineMs(32, d.totalTokens()) * 1e6);
            pending.add(d);
            doneAt.add(engineFree + (long) (truth.latencyMs() * 1e6));
            if (i >= 500) {
                loadedTokens += d.totalVisualTokens();
            }
        }
        assertThat(loadedTokens / 100).isLessThan(32 * 256);
        assertThat(c.state().backlogMs()).isPositive();
        // Then one request every 10 s: full quality again.
        clock.addAndGet(30 * SECOND);
        BudgetDecision light = c.decide(request(32, 600));
        assertThat(light.totalVisualTokens()).isGreaterThan(loadedTokens / 100).isGreaterThan(32 * 200);
        assertThat(light.predictedWaitMs()).isZero();
    }

    @Test
    void should_reject_bad_observations_and_requests_with_typed_errors() {
        TokenBudgetController c = controller();
        BudgetDecision d = c.decide(request(2, 500));
        assertThatThrownBy(() -> c.observe(d, -1))
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> c.observe(d, Double.NaN)).isInstanceOf(BudgetRequestException.class);
        BudgetDecision future = new BudgetDecision(
                d.tokensPerImage(),
                d.imageClasses(),
                d.textTokens(),
                500,
                0.9,
                1,
                0,
                1,
                0,
                70,
                DecisionReason.FULL_QUALITY,
                true,
                256,
                10 * SECOND,
                99);
        assertThatThrownBy(() -> c.observe(future, 100))
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("another controller");
        assertThatThrownBy(() -> c.decide(BudgetRequest.builder()
                        .imageClasses(List.of("charts"))
                        .ttftTargetMs(500)
                        .build()))
                .isInstanceOf(TokenBudgetException.class)
                .hasMessageContaining("charts");
        TokenBudgetController small =
                TokenBudgetController.builder().profile(profile).maxImages(4).build();
        assertThatThrownBy(() -> small.decide(request(5, 500)))
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("maxImages");
        assertThatThrownBy(() -> c.decide(BudgetRequest.builder()
                        .textTokens(Integer.MAX_VALUE)
                        .ttftTargetMs(500)
                        .build()))
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("maxTextTokens");
        assertThatThrownBy(() -> request(0, 500)).isInstanceOf(BudgetRequestException.class);
        assertThatThrownBy(() -> BudgetRequest.builder()
                        .images(2)
                        .imageClasses(List.of("general"))
                        .images(2)
                        .ttftTargetMs(1)
                        .build())
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("one entry per image");
        assertThatThrownBy(() ->
                        BudgetRequest.builder().ttftTargetMs(500).quantile(1).build())
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("quantile");
        assertThatThrownBy(() -> BudgetRequest.builder().build())
                .isInstanceOf(BudgetRequestException.class)
                .hasMessageContaining("ttftTargetMs");
    }

    @Test
    void should_round_trip_requests_and_decisions_through_json() throws Exception {
        ObjectMapper json = new ObjectMapper();
        BudgetRequest r = BudgetRequest.builder()
                .imageClasses(List.of("general", "dense-reading"))
                .ttftTargetMs(450)
                .maxTotalTokens(200)
                .build();
        assertThat(json.readValue(json.writeValueAsString(r), BudgetRequest.class))
                .isEqualTo(r);
        BudgetDecision d = controller().decide(r);
        String text = json.writeValueAsString(d);
        assertThat(text).contains("\"reason\":\"" + d.reason().name() + "\"");
        assertThat(json.readValue(text, BudgetDecision.class)).isEqualTo(d);
    }

    @Test
    void should_stay_consistent_under_concurrent_decide_and_observe() throws Exception {
        TokenBudgetController c =
                TokenBudgetController.builder().profile(profile).build();
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
