package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines and cancellation from a chain down to gRPC, against an in-process server that never
 * answers model {@code slow} and observes when its caller goes away, and refuses model {@code busy}
 * with RESOURCE_EXHAUSTED. The waits below only bound a broken build; they measure nothing.
 */
class TritonBackendCancellationTest {

    private static final long LIVENESS_SECONDS = 30;

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;
    private TritonClient client;
    private TritonBackend backend;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
                        if (request.getModelName().equals("busy")) {
                            responses.onError(Status.RESOURCE_EXHAUSTED
                                    .withDescription("queue is full")
                                    .asRuntimeException());
                            return;
                        }
                        Context.current().addListener(context -> cancelled.countDown(), Runnable::run);
                        started.countDown();
                    }
                })
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        client = TritonClient.builder().channel(channel).build();
        backend = TritonBackend.builder().client(client).build();
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        client.close();
        channel.shutdownNow().awaitTermination(LIVENESS_SECONDS, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(LIVENESS_SECONDS, TimeUnit.SECONDS);
    }

    private static InferRequest request(String model) {
        return ScriptedBackend.request().toBuilder().modelName(model).build();
    }

    @Test
    void should_cancel_the_grpc_call_when_the_caller_cancels_the_future() throws Exception {
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(LoggingInterceptor.create())
                .interceptor(DeadlineInterceptor.of(Duration.ofMinutes(5)))
                .interceptor(RetryInterceptor.builder().build())
                .build();
        CompletableFuture<InferResult> call = chain.infer(request("slow"));
        assertThat(started.await(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled.getCount()).isEqualTo(1);

        assertThat(call.cancel(true)).isTrue();
        assertThat(cancelled.await(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .as("the server saw the cancellation")
                .isTrue();
    }

    @Test
    void should_cancel_the_grpc_call_when_the_backend_future_is_cancelled() throws Exception {
        CompletableFuture<InferResult> call = backend.infer(request("slow"));
        assertThat(started.await(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
        call.cancel(true);
        assertThat(cancelled.await(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_fail_with_deadline_exceeded_and_cancel_the_grpc_call_when_the_deadline_passes() throws Exception {
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(DeadlineInterceptor.of(Duration.ofMinutes(5)))
                .build();
        // One call first, so that class loading on a cold JVM does not eat the deadline before the call is sent.
        assertThatThrownBy(() -> chain.infer(request("busy")).get(LIVENESS_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<InferResult> call = chain.infer(
                request("slow").toBuilder().deadline(Duration.ofSeconds(1)).build());
        assertThatThrownBy(() -> call.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.DEADLINE_EXCEEDED));
        assertThat(started.await(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .as("the server got the call")
                .isTrue();
        assertThat(cancelled.await(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .as("the server saw the cancellation")
                .isTrue();
    }

    @Test
    void should_map_grpc_deadline_exceeded_from_the_backend_alone() {
        CompletableFuture<InferResult> call = backend.infer(
                request("slow").toBuilder().deadline(Duration.ofMillis(100)).build());
        assertThatThrownBy(() -> call.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.DEADLINE_EXCEEDED));
    }

    @Test
    void should_map_resource_exhausted_and_not_retry_it() {
        BackendChain chain = BackendChain.builder()
                .backend(backend)
                .interceptor(
                        RetryInterceptor.builder().initialBackoff(Duration.ZERO).build())
                .build();
        CompletableFuture<InferResult> call = chain.infer(request("busy"));
        assertThatThrownBy(() -> call.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.RESOURCE_EXHAUSTED);
                    assertThat(e).hasMessageContaining("queue is full");
                });
    }
}
