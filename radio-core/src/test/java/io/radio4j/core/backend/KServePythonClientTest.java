package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not Java: Python's grpcio with stubs generated from the same Triton protos
 * (what the {@code tritonclient.grpc} package sends: raw little-endian tensors in
 * {@code raw_input_contents}) talks to the KServe server, and must read what Java reads.
 */
class KServePythonClientTest {

    private static final String CLIENT = """
            import sys, struct
            sys.path.insert(0, sys.argv[1])
            import grpc, grpc_service_pb2 as pb, grpc_service_pb2_grpc as rpc
            stub = rpc.GRPCInferenceServiceStub(grpc.insecure_channel("127.0.0.1:" + sys.argv[2]))
            print("live", stub.ServerLive(pb.ServerLiveRequest()).live)
            meta = stub.ModelMetadata(pb.ModelMetadataRequest(name="radio_clip_text"))
            print("input", meta.inputs[0].name, meta.inputs[0].datatype, list(meta.inputs[0].shape))
            cfg = stub.ModelConfig(pb.ModelConfigRequest(name="radio_clip_text")).config
            print("max_batch_size", cfg.max_batch_size)
            ids = [261, 361, 338, 1] + [0] * 60
            req = pb.ModelInferRequest(model_name="radio_clip_text", id="py")
            t = req.inputs.add(); t.name = "input_ids"; t.datatype = "INT64"; t.shape.extend([1, 64])
            req.raw_input_contents.append(struct.pack("<64q", *ids))
            res = stub.ModelInfer(req)
            out = res.outputs[0]
            values = struct.unpack("<%df" % (len(res.raw_output_contents[0]) // 4), res.raw_output_contents[0])
            print("output", out.name, out.datatype, list(out.shape))
            print("values", " ".join(repr(v) for v in values))
            try:
                bad = pb.ModelInferRequest(model_name="radio_clip_text")
                t = bad.inputs.add(); t.name = "input_ids"; t.datatype = "INT64"; t.shape.extend([64])
                bad.raw_input_contents.append(struct.pack("<64q", *ids))
                stub.ModelInfer(bad)
            except grpc.RpcError as e:
                print("error", e.code().name)
            """;

    @Test
    void should_serve_a_python_grpc_client_the_same_tensors(@TempDir Path dir) throws Exception {
        Path protos = Path.of("..", "triton-client", "src", "main", "proto")
                .toAbsolutePath()
                .normalize();
        run(
                dir,
                List.of(
                        python(),
                        "-m",
                        "grpc_tools.protoc",
                        "-I" + protos,
                        "--python_out=" + dir,
                        "--grpc_python_out=" + dir,
                        protos.resolve("grpc_service.proto").toString(),
                        protos.resolve("model_config.proto").toString()));
        Files.writeString(dir.resolve("client.py"), CLIENT);
        try (KServeServer server = KServeServer.builder()
                .backend(TinyRepo.backend())
                .port(0)
                .build()
                .start()) {
            List<String> lines = run(
                    dir,
                    List.of(
                            python(),
                            dir.resolve("client.py").toString(),
                            dir.toString(),
                            String.valueOf(server.port())));
            assertThat(lines)
                    .contains(
                            "live True",
                            "input input_ids INT64 [-1, 64]",
                            "max_batch_size 8",
                            "output embedding FP32 [1, 32]",
                            "error INVALID_ARGUMENT");
            float[] python = parse(lines.stream()
                    .filter(l -> l.startsWith("values "))
                    .findFirst()
                    .orElseThrow());
            long[] ids = new long[64];
            System.arraycopy(new long[] {261, 361, 338, 1}, 0, ids, 0, 4);
            float[] java = TinyRepo.backend()
                    .infer(InferRequest.builder()
                            .modelName("radio_clip_text")
                            .input(InferInput.ofInt64("input_ids", new long[] {1, 64}, ids))
                            .build())
                    .join()
                    .output("embedding")
                    .asFloats();
            assertThat(python).containsExactly(java);
        }
    }

    private static float[] parse(String line) {
        String[] parts = line.substring("values ".length()).split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (float) Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static String python() {
        return System.getProperty("python.executable", "/usr/bin/python3");
    }

    private static List<String> run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
        assertThat(p.exitValue()).as(command + ":\n" + out).isZero();
        return Arrays.asList(out.split("\n"));
    }
}
