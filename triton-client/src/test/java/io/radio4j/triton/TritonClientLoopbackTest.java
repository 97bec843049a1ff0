package io.radio4j.triton;

import static io.radio4j.triton.TritonClientInProcessTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.radio4j.triton.testing.FakeTritonServer;
import io.radio4j.triton.testing.FakeTritonService;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client over real gRPC (Netty, HTTP/2 on 127.0.0.1) against the fake Triton service. */
class TritonClientLoopbackTest {
    private FakeTritonServer server;
    private TritonClient client;
    private final List<AutoCloseable> extra = new ArrayList<>();

    @BeforeEach
    void start() {
        server = FakeTritonServer.loopback(FakeTritonService.standard(), 0);
        client = TritonClient.builder().target(server.target()).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        for (AutoCloseable closeable : extra) {
            closeable.close();
        }
        server.close();
    }

    @Test
    void should_answer_every_batch_size_from_1_to_64() {
        ModelSchema schema = client.modelSchema("image_sum");
        Random random = new Random(3);
        for (int batch = 1; batch <= 64; batch++) {
            byte[] pixels = new byte[batch * 48];
            random.nextBytes(pixels);
            InferRequest request = schema.newRequest()
                    .input(schema.input("image", ByteBuffer.wrap(pixels)))
                    .build();
            schema.validate(request);
            InferResult result = client.infer(request);
            long[] sums = result.output("sum").asLongs();
            assertThat(result.output("sum").shape()).containsExactly(batch, 1);
            for (int b = 0; b < batch; b++) {
                long expected = 0;
                for (int i = 0; i < 48; i++) {
                    expected += pixels[b * 48 + i] & 0xFF;
                }
                assertThat(sums[b]).as("batch %d item %d", batch, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_refuse_a_batch_above_max_batch_size_on_both_sides() {
        ModelSchema schema = client.modelSchema("image_sum");
        assertThatThrownBy(() -> schema.input("image", ByteBuffer.allocate(65 * 48)))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.isClientSide()).isTrue());
        InferRequest tooBig = InferRequest.builder()
                .modelName("image_sum")
                .input(InferInput.ofUint8("image", new long[] {65, 4, 4, 3}, new byte[65 * 48]))
                .build();
        assertThatThrownBy(() -> client.infer(tooBig)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.isClientSide()).isFalse();
            assertThat(e.serverMessage())
                    .isEqualTo("[request id: <id_unknown>] inference request batch-size must be <= 64 for 'image_sum'");
        });
    }

    @Test
    void should_carry_a_40_mb_request_and_response() {
        byte[] payload = new byte[40_000_000];
        new Random(5).nextBytes(payload);
        InferRequest request = InferRequest.builder()
                .modelName("echo")
                .input(InferInput.ofUint8("blob", new long[] {payload.length}, ByteBuffer.wrap(payload)))
                .build();
        InferOutput output = client.infer(request).output("blob");
        assertThat(output.data()).isEqualTo(ByteBuffer.wrap(payload));
    }

    @Test
    void should_refuse_a_response_above_the_configured_inbound_limit() {
        try (TritonClient small = TritonClient.builder()
                .target(server.target())
                .maxInboundMessageSize(1 << 20)
                .build()) {
            InferRequest request = InferRequest.builder()
                    .modelName("echo")
                    .input(InferInput.ofUint8("blob", new long[] {2 << 20}, new byte[2 << 20]))
                    .build();
            assertThatThrownBy(() -> small.infer(request))
                    .isInstanceOfSatisfying(
                            TritonException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void should_refuse_a_request_above_the_configured_outbound_limit_without_sending_it() {
        try (TritonClient small = TritonClient.builder()
                .target(server.target())
                .maxOutboundMessageSize(1 << 20)
                .build()) {
            InferRequest request = InferRequest.builder()
                    .modelName("echo")
                    .input(InferInput.ofUint8("blob", new long[] {2 << 20}, new byte[2 << 20]))
                    .build();
            assertThatThrownBy(() -> small.infer(request)).isInstanceOfSatisfying(TritonException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.isClientSide()).isTrue();
                assertThat(e.serverMessage()).contains("exceeds maxOutboundMessageSize 1048576");
            });
            assertThatThrownBy(() -> small.inferAsync(request)).isInstanceOf(TritonException.class);
            try (InferStream stream = small.openStream(new RecordingListener())) {
                assertThatThrownBy(() -> stream.send(request)).isInstanceOf(TritonException.class);
            }
            assertThat(server.service().receivedRequests()).isEmpty();
        }
    }

    // ---- streaming ----

    @Test
    void should_stream_interleaved_responses_and_per_request_errors() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (InferStream stream = client.openStream(listener)) {
            stream.send(
                    echoRequest("slow").toBuilder().parameter("delay_ms", 500L).build());
            for (int i = 0; i < 5; i++) {
                stream.send(echoRequest("fast-" + i));
            }
            stream.send(InferRequest.builder()
                    .modelName("nope")
                    .id("bad-1")
                    .input(InferInput.ofInt32("x", new long[] {1}, new int[1]))
                    .build());
            stream.send(
                    echoRequest("triple").toBuilder().parameter("repeat", 3L).build());
            stream.send(InferRequest.builder()
                    .modelName("simple")
                    .id("bad-2")
                    .input(InferInput.ofInt32("INPUT0", new long[] {16}, new int[16]))
                    .input(InferInput.ofInt32("INPUT1", new long[] {16}, new int[16]))
                    .build());
        }
        assertThat(listener.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.failure).isNull();
        assertThat(listener.completed).isTrue();
        List<String> ids = listener.results.stream().map(InferResult::id).toList();
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        "slow", "fast-0", "fast-1", "fast-2", "fast-3", "fast-4", "triple", "triple", "triple");
        // The slow request was sent first but held back 500 ms, so others overtook it on the same stream.
        assertThat(ids.getFirst()).isNotEqualTo("slow");
        assertThat(listener.results)
                .filteredOn(r -> r.id().equals("triple"))
                .extracting(r -> r.parameters().get("sequence_index"))
                .containsExactlyInAnyOrder(0L, 1L, 2L);
        assertThat(listener.errors).extracting(TritonException::requestId).containsExactlyInAnyOrder("bad-1", "bad-2");
        assertThat(listener.errors)
                .filteredOn(e -> e.requestId().equals("bad-1"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.serverMessage()).isEqualTo("Request for unknown model: 'nope' is not found"));
        assertThat(listener.errors)
                .filteredOn(e -> e.requestId().equals("bad-2"))
                .singleElement()
                .satisfies(e -> assertThat(e.serverMessage())
                        .startsWith("[request id: bad-2] unexpected shape for input 'INPUT0'"));
    }

    @Test
    void should_refuse_sends_after_close() {
        RecordingListener listener = new RecordingListener();
        InferStream stream = client.openStream(listener);
        stream.close();
        stream.close();
        assertThatThrownBy(() -> stream.send(echoRequest("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stream is closed");
    }

    @Test
    void should_end_the_stream_with_a_failure_when_the_server_is_killed_mid_stream() throws Exception {
        RecordingListener listener = new RecordingListener();
        InferStream stream = client.openStream(listener);
        stream.send(echoRequest("answered"));
        eventually(() -> listener.results.size() == 1);
        stream.send(echoRequest("in-flight").toBuilder()
                .parameter("delay_ms", 10_000L)
                .build());
        eventually(() -> server.service().inFlight() == 1);
        server.kill();
        assertThat(listener.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.completed).isFalse();
        assertThat(listener.failure).isNotNull();
        assertThat(listener.failure.statusCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
        assertThat(listener.results).extracting(InferResult::id).containsExactly("answered");
        assertThatThrownBy(() -> stream.send(echoRequest("after"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_end_a_stream_at_its_deadline() throws Exception {
        RecordingListener listener = new RecordingListener();
        InferStream stream = client.openStream(java.util.Map.of(), Duration.ofMillis(200), listener);
        stream.send(
                echoRequest("slow").toBuilder().parameter("delay_ms", 10_000L).build());
        assertThat(listener.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.failure.statusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        eventually(() -> server.service().inFlight() == 0 && server.service().abandoned() == 1);
    }

    @Test
    void should_enforce_each_requests_deadline_on_a_stream() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (InferStream stream = client.openStream(listener)) {
            stream.send(echoRequest("slow").toBuilder()
                    .parameter("delay_ms", 1500L)
                    .deadline(Duration.ofMillis(100))
                    .build());
            stream.send(echoRequest("fast").toBuilder()
                    .deadline(Duration.ofSeconds(30))
                    .build());
            stream.send(echoRequest("zipped").toBuilder()
                    .compression(Compression.GZIP)
                    .build());
        }
        assertThat(listener.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.errors).singleElement().satisfies(e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(e.requestId()).isEqualTo("slow");
        });
        assertThat(listener.results)
                .extracting(InferResult::id)
                .as("the late response is dropped")
                .containsExactlyInAnyOrder("fast", "zipped");
    }

    @Test
    void should_refuse_on_a_stream_what_a_stream_cannot_carry() {
        RecordingListener listener = new RecordingListener();
        try (InferStream stream = client.openStream(java.util.Map.of("x-team", "a"), null, listener)) {
            assertThatThrownBy(() -> stream.send(
                            echoRequest("h").toBuilder().header("x-other", "b").build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openStream");
            assertThatThrownBy(() -> stream.send(echoRequest("").toBuilder()
                            .deadline(Duration.ofSeconds(1))
                            .build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs an id");
            stream.send(echoRequest("same").toBuilder().header("x-team", "a").build());
        }
    }

    @Test
    void should_cancel_a_stream() throws Exception {
        RecordingListener listener = new RecordingListener();
        InferStream stream = client.openStream(listener);
        stream.send(
                echoRequest("slow").toBuilder().parameter("delay_ms", 10_000L).build());
        eventually(() -> server.service().inFlight() == 1);
        stream.cancel();
        assertThat(listener.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.failure.statusCode()).isEqualTo(Status.Code.CANCELLED);
        eventually(() -> server.service().inFlight() == 0);
    }

    // ---- deadlines, outages, retries ----

    @Test
    void should_fail_with_deadline_exceeded_and_leave_no_thread_waiting() {
        try (TritonClient quick = TritonClient.builder()
                .target(server.target())
                .defaultDeadline(Duration.ofMillis(150))
                .build()) {
            assertThatThrownBy(() -> quick.infer(echoRequest("slow").toBuilder()
                            .parameter("delay_ms", 10_000L)
                            .build()))
                    .isInstanceOfSatisfying(TritonException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(e.isRetryable()).isFalse();
                    });
        }
        eventually(() -> server.service().inFlight() == 0 && server.service().abandoned() == 1);
        eventually(() ->
                Thread.getAllStackTraces().values().stream().noneMatch(TritonClientLoopbackTest::waitsInFakeModel));
    }

    private static boolean waitsInFakeModel(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("waitOrAbandon")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void should_report_unavailable_while_the_server_is_down_then_recover_when_it_is_back() {
        int port = server.port();
        try (TritonClient noRetry = TritonClient.builder()
                .target(server.target())
                .retryPolicy(RetryPolicy.NONE)
                .build()) {
            assertThat(noRetry.isServerLive()).isTrue();
            server.close();
            assertThatThrownBy(noRetry::isServerLive).isInstanceOfSatisfying(TritonException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.isRetryable()).isTrue();
            });
            server = FakeTritonServer.loopback(FakeTritonService.standard(), port);
            // gRPC reconnects with its own backoff; wait for it rather than assume a time.
            eventually(() -> {
                try {
                    return noRetry.isServerLive();
                } catch (TritonException e) {
                    assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    return false;
                }
            });
            assertThat(noRetry.infer(echoRequest("back")).id()).isEqualTo("back");
        }
    }

    @Test
    void should_retry_an_idempotent_call_on_unavailable() {
        server.service().failNext("ServerLive", Status.UNAVAILABLE, Status.UNAVAILABLE);
        assertThat(client.isServerLive()).isTrue();
        assertThat(server.service().calls("ServerLive")).isEqualTo(3);
    }

    @Test
    void should_give_up_after_max_attempts() {
        server.service()
                .failNext(
                        "ModelMetadata",
                        Status.UNAVAILABLE.withDescription("one"),
                        Status.UNAVAILABLE.withDescription("two"),
                        Status.UNAVAILABLE.withDescription("three"),
                        Status.UNAVAILABLE.withDescription("four"));
        assertThatThrownBy(() -> client.modelMetadata("simple"))
                .isInstanceOfSatisfying(
                        TritonException.class,
                        e -> assertThat(e.serverMessage()).isEqualTo("three"));
        assertThat(server.service().calls("ModelMetadata")).isEqualTo(3);
    }

    @Test
    void should_never_retry_invalid_argument() {
        server.service().failNext("ModelConfig", Status.INVALID_ARGUMENT.withDescription("bad"));
        assertThatThrownBy(() -> client.modelConfig("simple")).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.serverMessage()).isEqualTo("bad");
        });
        assertThat(server.service().calls("ModelConfig")).isEqualTo(1);
    }

    @Test
    void should_not_retry_inference_unless_the_policy_allows_it() {
        server.service().failNext("ModelInfer", Status.UNAVAILABLE);
        assertThatThrownBy(() -> client.infer(echoRequest("once")))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(server.service().calls("ModelInfer")).isEqualTo(1);

        RetryPolicy withInference = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, true);
        try (TritonClient retrying = TritonClient.builder()
                .target(server.target())
                .retryPolicy(withInference)
                .build()) {
            server.service().failNext("ModelInfer", Status.UNAVAILABLE);
            assertThat(retrying.infer(echoRequest("twice")).id()).isEqualTo("twice");
            assertThat(server.service().calls("ModelInfer")).isEqualTo(3);
        }
    }

    // ---- channels: replicas, DNS, TLS ----

    @Test
    void should_spread_calls_over_replicas_round_robin() {
        FakeTritonServer second = FakeTritonServer.loopback(FakeTritonService.standard(), 0);
        extra.add(second);
        try (TritonClient replicas = TritonClient.builder()
                .targets(List.of(server.target(), second.target()))
                .build()) {
            for (int i = 0; i < 40; i++) {
                replicas.isServerLive();
            }
            assertThat(server.service().calls("ServerLive")).isPositive();
            assertThat(second.service().calls("ServerLive")).isPositive();
            assertThat(server.service().calls("ServerLive") + second.service().calls("ServerLive"))
                    .isEqualTo(40);
        }
    }

    @Test
    void should_keep_serving_from_the_remaining_replica_when_one_dies() {
        FakeTritonServer second = FakeTritonServer.loopback(FakeTritonService.standard(), 0);
        extra.add(second);
        try (TritonClient replicas = TritonClient.builder()
                .targets(List.of(server.target(), second.target()))
                .build()) {
            replicas.isServerLive();
            second.kill();
            eventually(() -> {
                try {
                    return replicas.isServerLive();
                } catch (TritonException e) {
                    return false;
                }
            });
            int before = server.service().calls("ServerLive");
            for (int i = 0; i < 10; i++) {
                assertThat(replicas.isServerLive()).isTrue();
            }
            assertThat(server.service().calls("ServerLive")).isEqualTo(before + 10);
        }
    }

    @Test
    void should_resolve_a_dns_target() {
        try (TritonClient dns = TritonClient.builder()
                .target("dns:///localhost:" + server.port())
                .build()) {
            assertThat(dns.isServerLive()).isTrue();
        }
    }

    @Test
    void should_reject_malformed_replica_targets() {
        assertThatThrownBy(() -> TritonClient.builder()
                        .targets(List.of("a:1", "nocolon"))
                        .build())
                .hasMessage("target must be host:port, got 'nocolon'");
        assertThatThrownBy(() -> TritonClient.builder()
                        .targets(List.of("a:1", "b:99999"))
                        .build())
                .hasMessage("port out of range in target 'b:99999'");
    }

    // ---- helpers ----

    private static InferRequest echoRequest(String id) {
        return InferRequest.builder()
                .modelName("echo")
                .id(id)
                .input(InferInput.ofInt32("x", new long[] {2}, new int[] {id.length(), 7}))
                .build();
    }

    /** Collects stream callbacks; {@code done} opens at the end of the stream. */
    static final class RecordingListener implements InferStreamListener {
        final List<InferResult> results = Collections.synchronizedList(new ArrayList<>());
        final List<TritonException> errors = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean completed;
        volatile TritonException failure;

        @Override
        public void onResult(InferResult result) {
            results.add(result);
        }

        @Override
        public void onError(TritonException error) {
            errors.add(error);
        }

        @Override
        public void onCompleted() {
            completed = true;
            done.countDown();
        }

        @Override
        public void onFailure(TritonException failure) {
            this.failure = failure;
            done.countDown();
        }
    }
}
