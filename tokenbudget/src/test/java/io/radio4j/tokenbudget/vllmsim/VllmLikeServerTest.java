package io.radio4j.tokenbudget.vllmsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Invariants of the independent server simulator, computed by hand from its step-cost definition. */
class VllmLikeServerTest {

    private static final GpuConfig GPU = new GpuConfig(5, 0.01, 0.001, 0.1, 3, 200, 1000, 64, 1.0);

    private static VllmLikeServer server(GpuConfig gpu) {
        return new VllmLikeServer(gpu, t -> 1.0);
    }

    @Test
    void should_give_a_lone_request_the_front_end_latency_plus_its_prefill_steps() {
        VllmLikeServer s = server(GPU);
        SimRequest r = s.submit(1, 0, 2, 600, 4);
        s.runUntil(10_000);
        // One step: overhead + 600 tokens + attention of a 600-token chunk from position 0 + 2 images.
        double step = 5 + 0.01 * 600 + 0.001 * 600 * 300 / 1000.0 + 3 * 2;
        assertThat(r.ttftMs()).isCloseTo(200 + step, within(1e-9));
    }

    @Test
    void should_split_a_prompt_longer_than_the_token_budget_over_steps() {
        VllmLikeServer s = server(GPU);
        SimRequest r = s.submit(1, 0, 0, 1500, 1);
        s.runUntil(10_000);
        double first = 5 + 0.01 * 1000 + 0.001 * 1000 * 500 / 1000.0;
        double second = 5 + 0.01 * 500 + 0.001 * 500 * (1000 + 250) / 1000.0;
        assertThat(r.ttftMs()).isCloseTo(200 + first + second, within(1e-9));
    }

    @Test
    void should_batch_waiting_prompts_into_one_step_and_serve_them_in_arrival_order() {
        VllmLikeServer s = server(GPU);
        SimRequest a = s.submit(1, 0, 0, 400, 1);
        SimRequest b = s.submit(2, 0, 0, 400, 1);
        SimRequest c = s.submit(3, 0, 0, 400, 1);
        List<SimRequest> done = s.runUntil(10_000);
        // a and b fit the 1000-token step; c gets the remaining 200 tokens and finishes a step later.
        assertThat(a.firstTokenMs()).isEqualTo(b.firstTokenMs());
        assertThat(c.firstTokenMs()).isGreaterThan(b.firstTokenMs());
        assertThat(done).extracting(SimRequest::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void should_slow_prefill_when_requests_are_decoding() {
        VllmLikeServer quiet = server(GPU);
        SimRequest alone = quiet.submit(1, 0, 0, 500, 1);
        quiet.runUntil(10_000);
        VllmLikeServer busy = server(GPU);
        for (int i = 0; i < 40; i++) {
            busy.submit(100 + i, 0, 0, 10, 1000); // forty long decodes
        }
        busy.runUntil(50);
        SimRequest late = busy.submit(1, busy.nowMs(), 0, 500, 1);
        busy.runUntil(busy.nowMs() + 10_000);
        // Its step also carries the 40 decode tokens: 40 × 0.1 ms more.
        assertThat(late.ttftMs()).isGreaterThan(alone.ttftMs() + 3.9);
    }

    @Test
    void should_scale_step_times_with_gpu_speed_and_slowdown_but_not_the_front_end() {
        VllmLikeServer base = server(GPU);
        SimRequest r1 = base.submit(1, 0, 4, 800, 1);
        base.runUntil(10_000);
        VllmLikeServer fast = server(GPU.faster(1.7));
        SimRequest r2 = fast.submit(1, 0, 4, 800, 1);
        fast.runUntil(10_000);
        assertThat(r2.ttftMs() - 200).isCloseTo((r1.ttftMs() - 200) / 1.7, within(1e-9));
        VllmLikeServer slowLater = new VllmLikeServer(GPU, t -> t >= 1000 ? 1.3 : 1.0);
        SimRequest before = slowLater.submit(1, 0, 4, 800, 1);
        slowLater.runUntil(1000);
        SimRequest after = slowLater.submit(2, 1000, 4, 800, 1);
        slowLater.runUntil(20_000);
        assertThat(before.ttftMs()).isCloseTo(r1.ttftMs(), within(1e-9));
        assertThat(after.ttftMs() - 200).isCloseTo(1.3 * (r1.ttftMs() - 200), within(1e-9));
    }

    @Test
    void should_never_start_more_than_max_running_requests_and_reject_out_of_order_arrivals() {
        GpuConfig two = new GpuConfig(5, 0.01, 0, 0.1, 0, 0, 10_000, 2, 1.0);
        VllmLikeServer s = server(two);
        SimRequest a = s.submit(1, 0, 0, 10, 100);
        SimRequest b = s.submit(2, 0, 0, 10, 100);
        SimRequest c = s.submit(3, 0, 0, 10, 100);
        s.runUntil(50);
        assertThat(a.firstTokenMs()).isNotNaN();
        assertThat(b.firstTokenMs()).isNotNaN();
        assertThat(c.firstTokenMs()).isNaN(); // waits until a or b has decoded its 100 tokens
        s.runUntil(100_000);
        assertThat(c.firstTokenMs()).isGreaterThan(a.firstTokenMs() + 99 * 5);
        VllmLikeServer ordered = server(GPU);
        ordered.submit(1, 10, 0, 5, 1);
        assertThatThrownBy(() -> ordered.submit(2, 5, 0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_share_no_code_with_the_controller_model() throws IOException {
        Path dir = Path.of("src/main/java/io/radio4j/tokenbudget/vllmsim");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(Files.readAllLines(f))
                        .as(f.toString())
                        .noneMatch(line -> line.startsWith("import io.radio4j."));
            }
        }
    }
}
