package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.TritonClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    private static OnnxBackend backend;
    private static KServeServer server;
    private static TritonClient client;

    @BeforeAll
    static void startEmbeddedServer() {
        backend = OnnxBackend.tiny();
        server = KServeServer.builder().backend(backend).port(0).build().start();
        client = TritonClient.builder().target("127.0.0.1:" + server.port()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        backend.close();
    }

    private static LoadLimits limits(long requests, Duration timeout, int maxInFlight) {
        return new LoadLimits(requests, Duration.ofSeconds(20), 2, timeout, maxInFlight);
    }

    private static KServeTarget clipTarget(int batch) {
        List<InferRequest> requests =
                KServeRequests.synthetic(client.modelMetadata("radio_clip_vision"), true, Map.of(), batch, 1);
        return new KServeTarget(client, false, requests, batch, "loopback");
    }

    @Test
    void should_send_exactly_the_measured_count_in_closed_loop_against_the_embedded_kserve_server() {
        SweepPoint point = new LoadRunner(clipTarget(2), limits(12, Duration.ofSeconds(10), 8)).closedLoop(3);

        assertThat(point.mode()).isEqualTo(LoadMode.CONCURRENCY);
        assertThat(point.level()).isEqualTo(3);
        assertThat(point.errors()).isZero();
        assertThat(point.requests()).isEqualTo(12);
        assertThat(point.inferencesPerSecond()).isPositive();
        assertThat(point.p50()).isPositive().isLessThanOrEqualTo(point.p99());
    }

    @Test
    void should_send_on_schedule_in_open_loop() {
        SweepPoint point = new LoadRunner(clipTarget(1), limits(10, Duration.ofSeconds(10), 256))
                .openLoop(100, LoadRunner.Distribution.POISSON, 7);

        assertThat(point.mode()).isEqualTo(LoadMode.REQUEST_RATE);
        assertThat(point.requests() + point.errors()).isEqualTo(10);
        assertThat(point.errors()).as(point.firstError()).isZero();
    }

    @Test
    void should_count_failures_and_keep_the_first_message() {
        LoadTarget failing =
                new StubTarget(() -> CompletableFuture.failedFuture(new IllegalStateException("model exploded")));
        SweepPoint point = new LoadRunner(failing, limits(5, Duration.ofSeconds(1), 4)).closedLoop(2);

        assertThat(point.requests()).isZero();
        assertThat(point.errors()).isEqualTo(5);
        assertThat(point.firstError()).contains("model exploded");
        assertThat(point.inferencesPerSecond()).isZero();
    }

    @Test
    void should_time_out_requests_that_never_answer_instead_of_hanging() {
        AtomicInteger sent = new AtomicInteger();
        LoadTarget silent = new StubTarget(() -> {
            sent.incrementAndGet();
            return new CompletableFuture<>();
        });
        LoadLimits limits = new LoadLimits(3, Duration.ofSeconds(20), 0, Duration.ofMillis(50), 4);

        SweepPoint closed = new LoadRunner(silent, limits).closedLoop(1);
        SweepPoint open = new LoadRunner(silent, limits).openLoop(100, LoadRunner.Distribution.CONSTANT, 1);

        assertThat(closed.errors()).isEqualTo(3);
        assertThat(closed.firstError()).contains("no response");
        assertThat(open.errors()).isEqualTo(3);
        assertThat(sent).hasValue(6);
    }

    @Test
    void should_not_send_beyond_the_in_flight_cap_in_open_loop() {
        AtomicInteger sent = new AtomicInteger();
        LoadTarget silent = new StubTarget(() -> {
            sent.incrementAndGet();
            return new CompletableFuture<>();
        });
        LoadLimits limits = new LoadLimits(6, Duration.ofSeconds(20), 0, Duration.ofMillis(300), 2);

        SweepPoint point = new LoadRunner(silent, limits).openLoop(1000, LoadRunner.Distribution.CONSTANT, 1);

        assertThat(sent).hasValue(2);
        assertThat(point.errors()).isEqualTo(6);
        assertThat(point.firstError()).contains("2 requests in flight");
    }

    @Test
    void should_refuse_bad_levels() {
        LoadRunner runner = new LoadRunner(clipTarget(1), LoadLimits.DEFAULTS);
        assertThatThrownBy(() -> runner.closedLoop(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.openLoop(-1, LoadRunner.Distribution.CONSTANT, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadLimits(0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestsPerLevel");
    }

    private record StubTarget(java.util.function.Supplier<CompletableFuture<?>> calls) implements LoadTarget {
        @Override
        public CompletableFuture<?> send() {
            return calls.get();
        }

        @Override
        public int inferencesPerRequest() {
            return 1;
        }

        @Override
        public String description() {
            return "stub";
        }

        @Override
        public void close() {}
    }
}
