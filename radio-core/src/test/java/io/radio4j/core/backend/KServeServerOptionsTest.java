package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.testing.TlsTesting;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.RetryPolicy;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.server.KServeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KServeServer's TLS and keepalive options, and the embedded backend's queue (Triton's priority and queue timeout). */
class KServeServerOptionsTest {

    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = TlsTesting.loadCert(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void should_serve_tls_with_keepalive_to_a_client_that_trusts_the_certificate() throws IOException {
        try (KServeServer server = KServeServer.builder()
                        .backend(TinyRepo.backend())
                        .port(0)
                        .tls(copy("server1.pem"), copy("server1.key"))
                        .keepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .keepAlivePermitWithoutCalls(true)
                        .maxConnectionAge(Duration.ofHours(1))
                        .build()
                        .start();
                TritonClient trusting = TritonClient.builder()
                        .target("127.0.0.1:" + server.port())
                        .tls(copy("ca.pem"))
                        .authority("foo.test.google.fr")
                        .build();
                TritonClient plaintext = TritonClient.builder()
                        .target("127.0.0.1:" + server.port())
                        .retryPolicy(RetryPolicy.NONE)
                        .build()) {
            assertThat(trusting.isServerLive()).isTrue();
            assertThat(trusting.modelMetadata("radio_clip_text").inputs()).hasSize(1);
            assertThatThrownBy(plaintext::isServerLive).isInstanceOf(TritonException.class);
        }
    }

    @Test
    void should_refuse_mutual_tls_without_a_server_certificate() {
        assertThatThrownBy(() -> KServeServer.builder()
                        .backend(TinyRepo.backend())
                        .mutualTls(dir.resolve("ca.pem"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tls(");
        assertThatThrownBy(() -> KServeServer.builder().keepAlive(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * One request thread, a model with two priority levels (Triton's dynamic_batching
     * priority_levels): a high-priority request is served, and one whose queue timeout (1 µs) ran out
     * while it waited behind twelve others fails as Triton's "Request timeout expired". The queue's
     * ordering itself is checked deterministically in {@code RequestQueueTest}.
     */
    @Test
    void should_run_queued_requests_by_priority_and_expire_them_at_their_queue_timeout() {
        try (OnnxBackend backend = OnnxBackend.builder()
                .repository(TinyRepo.path())
                .models("radio_clip_text")
                .concurrency(1)
                .build()) {
            ModelConfig config = KServeCodec.config(backend.modelConfig("radio_clip_text")).toBuilder()
                    .setDynamicBatching(io.radio4j.triton.protocol.ModelDynamicBatching.newBuilder()
                            .setPriorityLevels(2)
                            .setDefaultPriorityLevel(2))
                    .build();
            backend.loadModel("radio_clip_text", json(config));
            List<String> finished = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<InferResult>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(track(backend.infer(request("low" + i, 0, null)), finished));
            }
            CompletableFuture<InferResult> high = track(backend.infer(request("high", 1, null)), finished);
            CompletableFuture<InferResult> expiring =
                    track(backend.infer(request("expiring", 0, Duration.ofNanos(1000))), finished);
            all.forEach(CompletableFuture::join);
            high.join();
            assertThat(finished).as("order %s", finished).contains("high");
            assertThatThrownBy(expiring::join).cause().isInstanceOfSatisfying(BackendException.class, e -> {
                assertThat(e.reason()).isEqualTo(BackendException.Reason.UNAVAILABLE);
                assertThat(e.getMessage()).isEqualTo("Request timeout expired");
            });
        }
    }

    private static CompletableFuture<InferResult> track(CompletableFuture<InferResult> f, List<String> finished) {
        return f.whenComplete((r, e) -> finished.add(r != null ? r.id() : "failed"));
    }

    private static InferRequest request(String id, long priority, Duration timeout) {
        long[] ids = new long[64];
        ids[0] = 261;
        InferRequest.Builder b = InferRequest.builder()
                .modelName("radio_clip_text")
                .id(id)
                .priority(priority)
                .input(InferInput.ofInt64("input_ids", new long[] {1, 64}, ids));
        if (timeout != null) {
            b.timeout(timeout);
        }
        return b.build();
    }

    private static String json(ModelConfig config) {
        try {
            return com.google.protobuf.util.JsonFormat.printer().print(config);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
