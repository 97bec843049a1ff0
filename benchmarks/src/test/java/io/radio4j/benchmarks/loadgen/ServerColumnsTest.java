package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.radio4j.benchmarks.suite.BenchCli;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.TensorMetadata;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelConfigRequest;
import io.radio4j.triton.protocol.ModelConfigResponse;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataRequest;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.radio4j.triton.protocol.ModelStatisticsRequest;
import io.radio4j.triton.protocol.ModelStatisticsResponse;
import io.radio4j.triton.server.KServeCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a loopback server that answers Triton's ModelStatistics (the embedded server does not),
 * the CSV gains perf_analyzer's server columns, computed from the statistics' change over the
 * measured phase only.
 */
class ServerColumnsTest {

    /** A KServe v2 server without Triton's statistics extension: ModelStatistics answers UNIMPLEMENTED. */
    private static class PlainServer extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
        final AtomicLong inferences = new AtomicLong();

        @Override
        public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
            out.onNext(KServeCodec.metadata(new ModelMetadata(
                    request.getName(),
                    List.of(),
                    "tensorrt_plan",
                    List.of(new TensorMetadata("x", DataType.INT32, new long[] {-1, 4})),
                    List.of(new TensorMetadata("y", DataType.FP32, new long[] {-1, 1})))));
            out.onCompleted();
        }

        @Override
        public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
            out.onNext(ModelConfigResponse.newBuilder()
                    .setConfig(KServeCodec.config(new ModelConfiguration(
                            request.getName(),
                            "",
                            "",
                            8,
                            List.of(),
                            List.of(),
                            Map.of(),
                            null,
                            List.of(),
                            List.of(),
                            "")))
                    .build());
            out.onCompleted();
        }

        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
            inferences.incrementAndGet();
            out.onNext(KServeCodec.response(new InferResult(request.getModelName(), "", "", Map.of(), List.of())));
            out.onCompleted();
        }
    }

    /** Triton-like: every inference adds fixed server times, so the per-request averages are known. */
    private static final class StatisticsServer extends PlainServer {
        @Override
        public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
            long n = inferences.get();
            ModelStatistics.InferStats stats = new ModelStatistics.InferStats(
                    duration(n, n * 9_000),
                    null,
                    duration(n, n * 1_000),
                    duration(n, n * 2_000),
                    duration(n, n * 5_000),
                    duration(n, n * 3_000),
                    null,
                    null);
            out.onNext(ModelStatisticsResponse.newBuilder()
                    .addModelStats(KServeCodec.statistics(
                            new ModelStatistics(request.getName(), "", 0, 0, 0, stats, List.of())))
                    .build());
            out.onCompleted();
        }

        private static ModelStatistics.Duration duration(long count, long ns) {
            return new ModelStatistics.Duration(count, ns);
        }
    }

    private static int load(Server server, Path csv, String concurrency) {
        StringWriter err = new StringWriter();
        int code = BenchCli.run(
                new String[] {
                    "load",
                    "--kserve",
                    "127.0.0.1:" + server.getPort(),
                    "--model",
                    "fake",
                    "--concurrency-range",
                    concurrency,
                    "--requests-per-level",
                    "5",
                    "--warmup-requests",
                    "3",
                    "--csv",
                    csv.toString(),
                    "--no-progress"
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return code;
    }

    private static Server start(PlainServer service) throws java.io.IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(service)
                .build()
                .start();
    }

    @Test
    void should_write_server_columns_from_the_statistics_of_the_measured_phase(@TempDir Path dir) throws Exception {
        StatisticsServer service = new StatisticsServer();
        Server server = start(service);
        try {
            Path csv = dir.resolve("triton.csv");
            load(server, csv, "1:2");

            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0))
                    .isEqualTo("Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,"
                            + "Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,p90 latency,"
                            + "p95 latency,p99 latency,Avg latency,Errors");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                assertThat(cells).hasSize(15);
                assertThat(List.of(cells[4], cells[5], cells[6], cells[7])).containsExactly("1", "2", "5", "3");
                assertThat(Long.parseLong(cells[3])).isEqualTo(Math.max(0, Long.parseLong(cells[13]) - 11));
            }
            // two levels of (3 warm-up + 5 measured) requests reached the server
            assertThat(service.inferences).hasValue(16);
            assertThat(PerfCsv.read(csv)).hasSize(2).allSatisfy(row -> {
                assertThat(row.serverQueue()).isEqualTo(1);
                assertThat(row.serverComputeInfer()).isEqualTo(5);
            });
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void should_leave_server_columns_out_when_the_server_has_no_statistics(@TempDir Path dir) throws Exception {
        PlainServer service = new PlainServer();
        Server server = start(service);
        try {
            Path csv = dir.resolve("plain.csv");
            load(server, csv, "1");

            assertThat(Files.readAllLines(csv).get(0)).doesNotContain("Server Queue", "Server Compute");
            assertThat(service.inferences).hasValue(8);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void should_spread_requests_over_replicas_and_leave_out_mixed_statistics(@TempDir Path dir) throws Exception {
        StatisticsServer first = new StatisticsServer();
        StatisticsServer second = new StatisticsServer();
        Server a = start(first);
        Server b = start(second);
        try {
            Path csv = dir.resolve("replicas.csv");
            StringWriter err = new StringWriter();
            int code = BenchCli.run(
                    new String[] {
                        "load",
                        "--kserve",
                        "127.0.0.1:" + a.getPort() + ",127.0.0.1:" + b.getPort(),
                        "--model",
                        "fake",
                        "--concurrency-range",
                        "2",
                        "--requests-per-level",
                        "20",
                        "--warmup-requests",
                        "0",
                        "--csv",
                        csv.toString(),
                        "--no-progress"
                    },
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(err));

            assertThat(code).as(err.toString()).isZero();
            assertThat(first.inferences.get() + second.inferences.get()).isEqualTo(20);
            assertThat(first.inferences.get()).isPositive();
            assertThat(second.inferences.get()).isPositive();
            assertThat(Files.readAllLines(csv).get(0)).doesNotContain("Server Queue");
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }
}
