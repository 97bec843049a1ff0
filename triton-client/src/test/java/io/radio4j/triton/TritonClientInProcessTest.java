package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.testing.FakeTritonServer;
import io.radio4j.triton.testing.FakeTritonService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every RPC and the wire rules, over gRPC's in-process transport against the fake Triton service. */
class TritonClientInProcessTest {
    private FakeTritonServer server;
    private ManagedChannel channel;
    private TritonClient client;

    @BeforeEach
    void start() {
        String name = "triton-" + UUID.randomUUID();
        server = FakeTritonServer.inProcess(FakeTritonService.standard(), name);
        channel = InProcessChannelBuilder.forName(name).build();
        client = TritonClient.builder().channel(channel).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private FakeTritonService service() {
        return server.service();
    }

    private static InferRequest echo(InferInput... inputs) {
        InferRequest.Builder builder = InferRequest.builder().modelName("echo");
        for (InferInput input : inputs) {
            builder.input(input);
        }
        return builder.build();
    }

    // ---- health, metadata, config, statistics, repository ----

    @Test
    void should_report_the_server_live_and_ready() {
        assertThat(client.isServerLive()).isTrue();
        assertThat(client.isServerReady()).isTrue();
    }

    @Test
    void should_return_server_metadata() {
        ServerMetadata metadata = client.serverMetadata();
        assertThat(metadata.name()).isEqualTo("triton");
        assertThat(metadata.version()).isEqualTo("2.0.0-fake");
        assertThat(metadata.supports("statistics")).isTrue();
        assertThat(metadata.supports("cuda_shared_memory")).isFalse();
    }

    @Test
    void should_return_model_metadata_with_the_batch_dimension() {
        ModelMetadata metadata = client.modelMetadata("image_sum");
        assertThat(metadata.name()).isEqualTo("image_sum");
        assertThat(metadata.versions()).containsExactly("1");
        assertThat(metadata.input("image").dataType()).isEqualTo(DataType.UINT8);
        assertThat(metadata.input("image").shape()).containsExactly(-1, 4, 4, 3);
        assertThat(metadata.output("mean").dataType()).isEqualTo(DataType.FP32);
        assertThat(client.modelMetadata("image_sum", "1")).isEqualTo(metadata);
    }

    @Test
    void should_return_the_model_config_as_a_value() {
        ModelConfiguration config = client.modelConfig("simple");
        assertThat(config.maxBatchSize()).isEqualTo(8);
        assertThat(config.inputs().getFirst().dataType()).isEqualTo(DataType.INT32);
        assertThat(config.dynamicBatching().maxQueueDelayMicroseconds()).isEqualTo(100);
        assertThat(config.instanceGroups().getFirst().kind()).isEqualTo(ModelConfiguration.InstanceGroup.Kind.CPU);
    }

    @Test
    void should_report_model_readiness_and_not_found_for_an_unknown_model() {
        assertThat(client.isModelReady("simple")).isTrue();
        assertThat(client.isModelReady("simple", "1")).isTrue();
        assertThatThrownBy(() -> client.isModelReady("nope")).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.serverMessage()).isEqualTo("Request for unknown model: 'nope' is not found");
            assertThat(e.modelName()).isEqualTo("nope");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.isClientSide()).isFalse();
        });
        assertThatThrownBy(() -> client.modelMetadata("simple", "7"))
                .hasMessageContaining("Request for unknown model: 'simple' version 7 is not found");
    }

    @Test
    void should_unload_and_reload_a_model_as_the_repository_index_shows() {
        assertThat(client.repositoryIndex())
                .extracting(RepositoryModel::name)
                .containsExactly("echo", "fp16_double", "image_sum", "simple", "text");
        client.unloadModel("simple");
        assertThat(client.isModelReady("simple")).isFalse();
        assertThat(client.repositoryIndex())
                .filteredOn(m -> m.name().equals("simple"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.isReady()).isFalse();
                    assertThat(m.state()).isEqualTo("UNAVAILABLE");
                });
        assertThat(client.repositoryIndex(true))
                .extracting(RepositoryModel::name)
                .doesNotContain("simple");
        assertThatThrownBy(() -> client.infer(simpleRequest(1)))
                .hasMessageContaining("Request for unknown model: 'simple' has no available versions");
        client.loadModel("simple");
        assertThat(client.isModelReady("simple")).isTrue();
        assertThat(client.infer(simpleRequest(1)).output("OUTPUT0").asInts()).hasSize(16);
    }

    @Test
    void should_surface_a_failed_load_with_the_server_message() {
        assertThatThrownBy(() -> client.loadModel("missing")).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(e.serverMessage()).isEqualTo("failed to load 'missing', failed to poll from model repository");
        });
    }

    @Test
    void should_count_inferences_in_model_statistics() {
        client.infer(simpleRequest(3));
        client.infer(simpleRequest(2));
        List<ModelStatistics> stats = client.modelStatistics("simple", "");
        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("simple");
            assertThat(s.inferenceCount()).isEqualTo(5);
            assertThat(s.inferenceStats().success().count()).isEqualTo(5);
        });
        assertThat(client.modelStatistics()).hasSize(5);
    }

    // ---- inference: datatypes and wire layout ----

    @Test
    void should_round_trip_every_fixed_size_datatype_bit_exactly() {
        Random random = new Random(7);
        for (DataType type : DataType.values()) {
            if (!type.isFixedSize()) {
                continue;
            }
            int count = 37;
            byte[] bytes = new byte[count * type.byteSize()];
            random.nextBytes(bytes); // random bits: NaN payloads, subnormals, negative zero included
            if (type == DataType.BOOL) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (bytes[i] & 1);
                }
            }
            InferInput input = InferInput.ofRaw("t", type, new long[] {1, count}, ByteBuffer.wrap(bytes));
            InferOutput output = client.infer(echo(input)).output("t");
            assertThat(output.dataType()).as(type.name()).isEqualTo(type);
            assertThat(output.shape()).containsExactly(1, count);
            byte[] back = new byte[output.data().remaining()];
            output.data().get(back);
            assertThat(back).as(type.name()).isEqualTo(bytes);
        }
    }

    @Test
    void should_round_trip_typed_values_through_the_typed_factories_and_views() {
        float[] floats = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY};
        double[] doubles = {Math.PI, -1e300, Double.MIN_VALUE};
        long[] longs = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        int[] ints = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE};
        InferResult result = client.infer(echo(
                InferInput.ofFloats("f32", new long[] {6}, floats),
                InferInput.ofDoubles("f64", new long[] {3}, doubles),
                InferInput.ofInt64("i64", new long[] {4}, longs),
                InferInput.ofInt32("i32", new long[] {2, 2}, ints),
                InferInput.ofInt16("i16", new long[] {2}, new short[] {Short.MIN_VALUE, 7}),
                InferInput.ofUint16("u16", new long[] {1}, new short[] {(short) 0xFFFF}),
                InferInput.ofUint32("u32", new long[] {1}, new int[] {-1}),
                InferInput.ofUint64("u64", new long[] {1}, new long[] {-1}),
                InferInput.ofInt8("i8", new long[] {2}, new byte[] {-128, 127}),
                InferInput.ofUint8("u8", new long[] {2}, new byte[] {(byte) 255, 0}),
                InferInput.ofBools("b", new long[] {3}, new boolean[] {true, false, true}),
                InferInput.ofFloatsAsFp16("f16", new long[] {3}, new float[] {0.5f, -2f, 65504f}),
                InferInput.ofFloatsAsBf16("bf16", new long[] {2}, new float[] {1f, -256f})));
        assertThat(result.output("f32").asFloats()).containsExactly(floats);
        assertThat(result.output("f64").asDoubles()).containsExactly(doubles);
        assertThat(result.output("i64").asLongs()).containsExactly(longs);
        assertThat(result.output("i32").asInts()).containsExactly(ints);
        assertThat(result.output("i16").asInts()).containsExactly(Short.MIN_VALUE, 7);
        assertThat(result.output("u16").asInts()).containsExactly(65535);
        assertThat(result.output("u32").asLongs()).containsExactly(4294967295L);
        assertThat(result.output("u64").asLongs()).containsExactly(-1L);
        assertThat(result.output("i8").asInts()).containsExactly(-128, 127);
        assertThat(result.output("u8").asInts()).containsExactly(255, 0);
        assertThat(result.output("b").asBooleans()).containsExactly(true, false, true);
        assertThat(result.output("f16").asFloats()).containsExactly(0.5f, -2f, 65504f);
        assertThat(result.output("bf16").asFloats()).containsExactly(1f, -256f);
        assertThat(result.outputsByName())
                .containsOnlyKeys(
                        "f32", "f64", "i64", "i32", "i16", "u16", "u32", "u64", "i8", "u8", "b", "f16", "bf16");
    }

    @Test
    void should_round_trip_bytes_elements_that_are_empty_binary_or_multi_byte_utf8() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] large = new byte[1 << 20];
        new Random(1).nextBytes(large);
        List<byte[]> elements =
                List.of(new byte[0], binary, "Grüße, 日本語, 😀".getBytes(StandardCharsets.UTF_8), new byte[0], large);
        InferOutput output = client.infer(echo(InferInput.ofBytes("s", new long[] {5}, elements)))
                .output("s");
        assertThat(output.dataType()).isEqualTo(DataType.BYTES);
        List<byte[]> back = output.asByteElements();
        assertThat(back).hasSize(5);
        for (int i = 0; i < elements.size(); i++) {
            assertThat(back.get(i)).as("element " + i).isEqualTo(elements.get(i));
        }
        assertThat(output.asStrings().get(2)).isEqualTo("Grüße, 日本語, 😀");
    }

    @Test
    void should_let_the_model_read_bytes_elements_as_the_server_splits_them() {
        InferResult result = client.infer(InferRequest.builder()
                .modelName("text")
                .input(InferInput.ofStrings("text", new long[] {3}, List.of("", "straße", "日本")))
                .build());
        assertThat(result.output("length").asInts()).containsExactly(0, 7, 6);
        assertThat(result.output("upper").asStrings()).containsExactly("", "STRASSE", "日本");
    }

    @Test
    void should_return_only_the_requested_outputs() {
        InferResult result =
                client.infer(simpleRequest(2).toBuilder().output("OUTPUT1").build());
        assertThat(result.outputs()).extracting(InferOutput::name).containsExactly("OUTPUT1");
        assertThat(result.output("OUTPUT1").shape()).containsExactly(2, 16);
        assertThatThrownBy(() -> result.output("OUTPUT0"))
                .hasMessage("model 'simple' returned no output 'OUTPUT0'; outputs: [OUTPUT1]");
    }

    @Test
    void should_compute_with_batched_int32_inputs_and_echo_the_request_id() {
        InferResult result = client.infer(simpleRequest(2).toBuilder().id("abc").build());
        int[] sum = result.output("OUTPUT0").asInts();
        int[] diff = result.output("OUTPUT1").asInts();
        assertThat(sum[17]).isEqualTo(17 + 2 * 17);
        assertThat(diff[17]).isEqualTo(17 - 2 * 17);
        assertThat(result.id()).isEqualTo("abc");
        assertThat(result.modelName()).isEqualTo("simple");
        assertThat(result.modelVersion()).isEqualTo("1");
    }

    @Test
    void should_build_and_check_requests_from_the_served_schema() {
        ModelSchema schema = client.modelSchema("image_sum");
        assertThat(schema.maxBatchSize()).isEqualTo(64);
        byte[] pixels = new byte[3 * 48];
        pixels[0] = 10;
        pixels[48] = (byte) 200;
        InferRequest request = schema.newRequest()
                .input(schema.input("image", ByteBuffer.wrap(pixels)))
                .build();
        schema.validate(request);
        assertThat(client.infer(request).output("sum").asLongs()).containsExactly(10, 200, 0);
    }

    // ---- parameters, headers, compression ----

    @Test
    void should_send_request_options_as_triton_parameters() {
        client.infer(simpleRequest(1).toBuilder()
                .priority(2)
                .timeout(Duration.ofMillis(3))
                .parameter("k", "v")
                .build());
        ModelInferRequest sent = service().receivedRequests().getLast();
        assertThat(sent.getParametersMap().get("priority").getUint64Param()).isEqualTo(2);
        assertThat(sent.getParametersMap().get("timeout").getInt64Param()).isEqualTo(3000);
        assertThat(sent.getParametersMap().get("k").getStringParam()).isEqualTo("v");
    }

    @Test
    void should_send_client_and_request_headers() throws InterruptedException {
        try (TritonClient withHeaders = TritonClient.builder()
                .channel(channel)
                .header("authorization", "Bearer t0k3n")
                .build()) {
            withHeaders.infer(
                    simpleRequest(1).toBuilder().header("x-request-tag", "blue").build());
            assertThat(server.headers().get("authorization")).isEqualTo("Bearer t0k3n");
            assertThat(server.headers().get("x-request-tag")).isEqualTo("blue");
            withHeaders.isServerLive();
            assertThat(server.headers().get("authorization")).isEqualTo("Bearer t0k3n");
            assertThat(server.headers().get("x-request-tag")).isNull();
        }
    }

    @Test
    void should_gzip_the_request_when_asked() {
        InferResult result = client.infer(
                simpleRequest(1).toBuilder().compression(Compression.GZIP).build());
        assertThat(server.headers().get("grpc-encoding")).isEqualTo("gzip");
        assertThat(result.output("OUTPUT0").asInts()[1]).isEqualTo(3);
        client.infer(simpleRequest(1));
        assertThat(server.headers().get("grpc-encoding")).isNull();
    }

    @Test
    void should_leave_a_caller_channel_open_on_close() {
        TritonClient borrowed = TritonClient.builder().channel(channel).build();
        borrowed.close();
        assertThat(channel.isShutdown()).isFalse();
        assertThat(client.isServerLive()).isTrue();
    }

    // ---- errors from the server, message intact ----

    @Test
    void should_surface_unknown_model_as_not_found() {
        InferRequest request = InferRequest.builder()
                .modelName("nope")
                .input(InferInput.ofFloats("x", new long[] {1}, new float[1]))
                .build();
        assertThatThrownBy(() -> client.infer(request)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.serverMessage()).isEqualTo("Request for unknown model: 'nope' is not found");
            assertThat(e.getMessage())
                    .isEqualTo("NOT_FOUND (model 'nope'): Request for unknown model: 'nope' is not found");
        });
    }

    @Test
    void should_surface_a_wrong_shape_as_invalid_argument_with_the_server_message() {
        InferRequest request = InferRequest.builder()
                .modelName("simple")
                .input(InferInput.ofInt32("INPUT0", new long[] {16}, new int[16]))
                .input(InferInput.ofInt32("INPUT1", new long[] {16}, new int[16]))
                .build();
        assertThatThrownBy(() -> client.infer(request)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.isClientSide()).isFalse();
            assertThat(e.serverMessage())
                    .isEqualTo("[request id: <id_unknown>] unexpected shape for input 'INPUT0' for"
                            + " model 'simple'. Expected [-1,16], got [16]. NOTE: Setting a non-zero max_batch_size in the model"
                            + " config requires a batch dimension to be prepended to each input shape.");
        });
    }

    @Test
    void should_surface_a_wrong_datatype_as_invalid_argument_with_the_server_message() {
        InferRequest request = InferRequest.builder()
                .modelName("fp16_double")
                .id("r1")
                .input(InferInput.ofFloats("x", new long[] {4}, new float[4]))
                .build();
        assertThatThrownBy(() -> client.infer(request)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.serverMessage())
                    .isEqualTo(
                            "[request id: r1] inference input 'x' data-type is 'FP32', but model 'fp16_double' expects 'FP16'");
        });
        InferResult ok = client.infer(InferRequest.builder()
                .modelName("fp16_double")
                .input(InferInput.ofFloatsAsFp16("x", new long[] {4}, new float[] {1, 2, 3, 0.25f}))
                .build());
        assertThat(ok.output("y").asFloats()).containsExactly(2, 4, 6, 0.5f);
    }

    @Test
    void should_surface_a_byte_size_mismatch_with_the_server_message() throws InterruptedException {
        // The client never builds such a request (InferInput checks sizes), so an interceptor cuts the
        // last 4 bytes off the wire message to see how a server's refusal comes back.
        ManagedChannel corrupting = InProcessChannelBuilder.forName(server.inProcessName())
                .intercept(new TruncatingInterceptor())
                .build();
        try (TritonClient corrupted = TritonClient.builder().channel(corrupting).build()) {
            assertThatThrownBy(() -> corrupted.infer(simpleRequest(1)))
                    .isInstanceOfSatisfying(TritonException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.serverMessage())
                                .isEqualTo("[request id: <id_unknown>] input byte size mismatch for input"
                                        + " 'INPUT0' for model 'simple'. Expected 64, got 60");
                    });
        } finally {
            corrupting.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_surface_missing_inputs_with_the_server_message() {
        InferRequest request = InferRequest.builder()
                .modelName("simple")
                .input(InferInput.ofInt32("INPUT0", new long[] {1, 16}, new int[16]))
                .build();
        assertThatThrownBy(() -> client.infer(request))
                .hasMessageContaining(
                        "expected 2 inputs but got 1 inputs for model 'simple'. Got input(s) [INPUT0], but"
                                + " missing required input(s) [INPUT1]. Please provide all required input(s).");
    }

    @Test
    void should_refuse_blank_and_null_arguments_before_sending() {
        assertThatThrownBy(() -> client.infer(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.modelMetadata(" ")).hasMessage("model name is blank");
        assertThatThrownBy(() -> client.openStream(null)).hasMessage("stream listener is null");
        assertThatThrownBy(() -> InferRequest.builder().modelName("m").build())
                .hasMessage("request for model 'm' has no inputs");
        assertThatThrownBy(() -> InferRequest.builder()
                        .input(InferInput.ofInt32("a", new long[] {1}, new int[1]))
                        .build())
                .hasMessage("model name is blank");
        assertThatThrownBy(() -> InferRequest.builder()
                        .modelName("m")
                        .input(InferInput.ofInt32("a", new long[] {1}, new int[1]))
                        .input(InferInput.ofInt32("a", new long[] {1}, new int[1]))
                        .build())
                .hasMessage("input 'a' is given twice for model 'm'");
        assertThatThrownBy(() -> TritonClient.builder().build()).hasMessageContaining("no target");
    }

    // ---- deadlines and async ----

    @Test
    void should_fail_with_deadline_exceeded_and_let_the_server_drop_the_work() {
        InferRequest slow = echo(InferInput.ofInt32("x", new long[] {1}, new int[] {1})).toBuilder()
                .parameter("delay_ms", 10_000L)
                .deadline(Duration.ofMillis(100))
                .build();
        assertThatThrownBy(() -> client.infer(slow)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(e.modelName()).isEqualTo("echo");
        });
        eventually(() -> service().abandoned() == 1 && service().inFlight() == 0);
    }

    @Test
    void should_complete_an_async_inference() throws Exception {
        CompletableFuture<InferResult> future = client.inferAsync(simpleRequest(2));
        assertThat(future.get(10, TimeUnit.SECONDS).output("OUTPUT0").shape()).containsExactly(2, 16);
    }

    @Test
    void should_complete_an_async_inference_exceptionally_with_a_triton_exception() {
        CompletableFuture<InferResult> future = client.inferAsync(InferRequest.builder()
                .modelName("nope")
                .input(InferInput.ofFloats("x", new long[] {1}, new float[1]))
                .build());
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        TritonException.class, e -> assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void should_cancel_the_call_when_the_future_is_cancelled() {
        CompletableFuture<InferResult> future =
                client.inferAsync(echo(InferInput.ofInt32("x", new long[] {1}, new int[1])).toBuilder()
                        .parameter("delay_ms", 10_000L)
                        .build());
        eventually(() -> service().inFlight() == 1);
        assertThat(future.cancel(true)).isTrue();
        assertThat(future).isCancelled();
        eventually(() -> service().abandoned() == 1 && service().inFlight() == 0);
    }

    // ---- helpers ----

    private static InferRequest simpleRequest(int batch) {
        int[] a = new int[16 * batch];
        int[] b = new int[16 * batch];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = 2 * i;
        }
        return InferRequest.builder()
                .modelName("simple")
                .input(InferInput.ofInt32("INPUT0", new long[] {batch, 16}, a))
                .input(InferInput.ofInt32("INPUT1", new long[] {batch, 16}, b))
                .build();
    }

    /** Waits for a condition the server reaches asynchronously; fails after 10 s (a hang, not slowness). */
    static void eventually(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Drops the last 4 bytes of the first raw input of every ModelInfer message. */
    private static final class TruncatingInterceptor implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                @SuppressWarnings("unchecked")
                public void sendMessage(Q message) {
                    if (message instanceof ModelInferRequest request) {
                        ByteString raw = request.getRawInputContents(0);
                        message = (Q) request.toBuilder()
                                .setRawInputContents(0, raw.substring(0, raw.size() - 4))
                                .build();
                    }
                    super.sendMessage(message);
                }
            };
        }
    }
}
