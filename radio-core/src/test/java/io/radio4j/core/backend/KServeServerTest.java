package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.InferStream;
import io.radio4j.triton.InferStreamListener;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded backend served over KServe v2 and read with triton-client's own TritonClient. */
class KServeServerTest {

    private static KServeServer server;
    private static TritonClient client;

    @BeforeAll
    static void start() {
        server = KServeServer.builder()
                .backend(TinyRepo.backend())
                .port(0)
                .build()
                .start();
        client = TritonClient.builder().target("127.0.0.1:" + server.port()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static InferRequest clipText(String id, int batch) {
        long[] ids = new long[batch * 64];
        for (int b = 0; b < batch; b++) {
            ids[b * 64] = 261 + b;
            ids[b * 64 + 1] = 1;
        }
        return InferRequest.builder()
                .modelName("radio_clip_text")
                .id(id)
                .input(InferInput.ofInt64("input_ids", new long[] {batch, 64}, ids))
                .build();
    }

    @Test
    void should_answer_health_and_metadata_like_triton() {
        assertThat(client.isServerLive()).isTrue();
        assertThat(client.isServerReady()).isTrue();
        assertThat(client.isModelReady("radio1d_h")).isTrue();
        assertThat(client.serverMetadata().name()).isEqualTo("radio4j-embedded");
        assertThat(client.modelMetadata("radio1d_h").input("image").shape()).containsExactly(-1, -1, -1, 3);
        assertThat(client.modelMetadata("radio1d_h").platform()).isEqualTo("onnxruntime_onnx");
        assertThat(client.modelConfig("radio_clip_text").parameters())
                .containsKey("logit_bias")
                .isEqualTo(TinyRepo.backend().modelConfig("radio_clip_text").parameters());
        assertThat(client.modelConfig("radio1d_h").inputs().get(1).optional()).isTrue();
    }

    @Test
    void should_return_the_same_tensors_as_the_backend_it_serves() {
        InferResult direct = TinyRepo.backend().infer(clipText("a", 3)).join();
        InferResult remote = client.infer(clipText("a", 3));
        assertThat(remote.id()).isEqualTo("a");
        assertThat(remote.output("embedding").shape()).containsExactly(3, 32);
        assertThat(remote.output("embedding").asFloats())
                .containsExactly(direct.output("embedding").asFloats());
    }

    @Test
    void should_report_statistics_as_perf_analyzer_reads_them() {
        ModelStatistics before = client.modelStatistics("radio_clip_text", "").getFirst();
        client.infer(clipText("st1", 3));
        client.infer(clipText("st2", 2));
        ModelStatistics after = client.modelStatistics("radio_clip_text", "").getFirst();
        assertThat(after.name()).isEqualTo("radio_clip_text");
        assertThat(after.version()).isEqualTo("1");
        assertThat(after.inferenceCount() - before.inferenceCount()).isEqualTo(5);
        assertThat(after.executionCount() - before.executionCount()).isEqualTo(2);
        assertThat(after.inferenceStats().success().count()
                        - before.inferenceStats().success().count())
                .isEqualTo(2);
        assertThat(after.inferenceStats().computeInfer().nanos())
                .isGreaterThan(before.inferenceStats().computeInfer().nanos());
        assertThat(after.batchStats()).extracting(b -> b.batchSize()).contains(3L, 2L);
        assertThat(after.lastInferenceMillis()).isPositive();
        assertThat(client.modelStatistics())
                .extracting(m -> m.name())
                .hasSize(5 + 4 * 2); // the engines, and each image model's _bytes ensemble and preprocessing step
        assertThat(client.serverMetadata().extensions()).contains("statistics");
        // Triton core TRITONSERVER_ServerModelStatistics answers INVALID_ARG for both.
        assertThatThrownBy(() -> client.modelStatistics("radio_clip_text", "7"))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("requested model version is not available for model 'radio_clip_text'");
        assertThatThrownBy(() -> client.modelStatistics("nope", ""))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("requested model 'nope' is not available");
    }

    @Test
    void should_map_errors_to_tritons_status_codes() {
        assertThatThrownBy(() -> client.infer(clipText("big", 9))).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("batch-size must be <= 8");
            assertThat(e.isRetryable()).isFalse();
        });
        assertThatThrownBy(() -> client.modelMetadata("nope"))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client.isModelReady("nope"))
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void should_stream_results_and_report_failed_requests_without_closing_the_stream() throws Exception {
        Map<String, InferResult> results = new ConcurrentHashMap<>();
        Map<String, String> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        try (InferStream stream = client.openStream(new InferStreamListener() {
            @Override
            public void onResult(InferResult result) {
                results.put(result.id(), result);
            }

            @Override
            public void onError(TritonException error) {
                errors.put(String.valueOf(error.requestId()), error.getMessage());
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }

            @Override
            public void onFailure(TritonException failure) {
                done.countDown();
            }
        })) {
            for (String id : List.of("s1", "s2")) {
                stream.send(clipText(id, 2));
            }
            stream.send(clipText("too-big", 9));
            stream.send(clipText("s3", 1));
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(results).containsOnlyKeys("s1", "s2", "s3");
        assertThat(results.get("s3").output("embedding").shape()).containsExactly(1, 32);
        assertThat(errors).hasSize(1);
        assertThat(errors.values().iterator().next()).contains("batch-size must be <= 8");
    }

    @Test
    void should_translate_remote_errors_into_backend_reasons() {
        TritonBackend backend = TritonBackend.builder().client(client).build();
        assertThatThrownBy(() -> backend.infer(clipText("x", 9)).join())
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> backend.modelConfig("nope"))
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.MODEL_NOT_FOUND));
        assertThat(backend.isModelReady("nope")).isFalse();
        assertThat(backend.isReady()).isTrue();
        TritonException late = new TritonException(
                Status.Code.DEADLINE_EXCEEDED, "radio_clip_text", "", "deadline exceeded", false, null);
        assertThat(TritonBackend.translate(new java.util.concurrent.CompletionException(late))
                        .reason())
                .isEqualTo(BackendException.Reason.DEADLINE_EXCEEDED);
        assertThat(backend.modelFile("radio_clip_text", "tokenizer.json")).isEmpty();
        backend.close();
        assertThat(client.isServerLive())
                .as("a client given to the backend is not closed by it")
                .isTrue();
    }

    @Test
    void should_spread_requests_over_several_servers() {
        java.util.concurrent.atomic.AtomicInteger first = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger second = new java.util.concurrent.atomic.AtomicInteger();
        try (KServeServer a = KServeServer.builder()
                        .backend(counting(first))
                        .port(0)
                        .build()
                        .start();
                KServeServer b = KServeServer.builder()
                        .backend(counting(second))
                        .port(0)
                        .build()
                        .start();
                TritonBackend both = TritonBackend.builder()
                        .targets(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()))
                        .build()) {
            float[] expected = TinyRepo.backend()
                    .infer(clipText("rr", 1))
                    .join()
                    .output("embedding")
                    .asFloats();
            for (int i = 0; i < 8; i++) {
                assertThat(both.infer(clipText("rr" + i, 1))
                                .join()
                                .output("embedding")
                                .asFloats())
                        .containsExactly(expected);
            }
            assertThat(first.get() + second.get()).isEqualTo(8);
            assertThat(first.get()).isPositive();
            assertThat(second.get()).isPositive();
        }
    }

    private static InferenceBackend counting(java.util.concurrent.atomic.AtomicInteger calls) {
        return new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public java.util.concurrent.CompletableFuture<InferResult> infer(InferRequest request) {
                calls.incrementAndGet();
                return super.infer(request);
            }
        };
    }

    @Test
    void should_report_unavailable_when_nothing_listens() {
        int port;
        try (KServeServer other = KServeServer.builder()
                .backend(TinyRepo.backend())
                .port(0)
                .build()
                .start()) {
            port = other.port();
        }
        try (TritonBackend gone =
                TritonBackend.builder().target("127.0.0.1:" + port).build()) {
            assertThat(gone.isReady()).isFalse();
            assertThatThrownBy(() -> gone.modelConfig("radio1d_h"))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.reason()).isEqualTo(BackendException.Reason.UNAVAILABLE);
                        assertThat(e.isRetryable()).isTrue();
                    });
        }
    }

    /** A backend whose answers carry parameters (as a Triton behind a passthrough does) has them served, output by output. */
    @Test
    void should_keep_output_and_response_parameters_on_the_wire() {
        InferenceBackend annotating = new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public java.util.concurrent.CompletableFuture<InferResult> infer(InferRequest request) {
                return super.infer(request)
                        .thenApply(r -> new InferResult(
                                r.modelName(),
                                r.modelVersion(),
                                r.id(),
                                java.util.Map.of("served_by", "replica-2"),
                                r.outputs().stream()
                                        .map(o -> new io.radio4j.triton.InferOutput(
                                                o.name(),
                                                o.dataType(),
                                                o.shape(),
                                                o.data(),
                                                java.util.Map.of("unit", "cosine", "rank", 7L)))
                                        .toList()));
            }
        };
        try (KServeServer annotated = KServeServer.builder()
                        .backend(annotating)
                        .port(0)
                        .build()
                        .start();
                TritonClient reader = TritonClient.builder()
                        .target("127.0.0.1:" + annotated.port())
                        .build()) {
            InferResult result = reader.infer(clipText("p", 2));
            assertThat(result.output("embedding").parameters())
                    .containsEntry("unit", "cosine")
                    .containsEntry("rank", 7L);
            assertThat(result.parameters()).containsEntry("served_by", "replica-2");
            assertThat(result.output("embedding").asFloats())
                    .containsExactly(TinyRepo.backend()
                            .infer(clipText("p", 2))
                            .join()
                            .output("embedding")
                            .asFloats());
        }
    }
}
