package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code perf_analyzer --shared-memory system} does, done by a Python grpcio client: create
 * POSIX shared-memory objects (files under /dev/shm), write the input tensor into one, register
 * both regions, infer with {@code shared_memory_region}/{@code _byte_size}/{@code _offset} on the
 * input and the requested output, read the output from the region (the response carries an empty
 * raw entry), check status, unregister. The output must equal what the embedded backend computes
 * in process.
 */
class KServeSharedMemoryTest {

    private static final String CLIENT = """
            import os, sys, struct
            sys.path.insert(0, sys.argv[1])
            import grpc, grpc_service_pb2 as pb, grpc_service_pb2_grpc as rpc
            stub = rpc.GRPCInferenceServiceStub(grpc.insecure_channel("127.0.0.1:" + sys.argv[2]))
            tag = sys.argv[3]
            ids = [261, 361, 338, 1] + [0] * 60
            key_in, key_out = "radio4j_shm_in_" + tag, "radio4j_shm_out_" + tag
            try:
                with open("/dev/shm/" + key_in, "wb") as f:
                    f.write(b"\\0" * 16 + struct.pack("<64q", *ids))     # the tensor sits at offset 16
                with open("/dev/shm/" + key_out, "wb") as f:
                    f.write(b"\\0" * 1024)
                stub.SystemSharedMemoryRegister(pb.SystemSharedMemoryRegisterRequest(name="in", key="/" + key_in, offset=0, byte_size=16 + 512))
                stub.SystemSharedMemoryRegister(pb.SystemSharedMemoryRegisterRequest(name="out", key="/" + key_out, offset=0, byte_size=1024))
                status = stub.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest())
                print("regions", " ".join(sorted(status.regions)), status.regions["in"].byte_size)
                req = pb.ModelInferRequest(model_name="radio_clip_text", id="shm")
                t = req.inputs.add(name="input_ids", datatype="INT64", shape=[1, 64])
                t.parameters["shared_memory_region"].string_param = "in"
                t.parameters["shared_memory_offset"].int64_param = 16
                t.parameters["shared_memory_byte_size"].int64_param = 512
                o = req.outputs.add(name="embedding")
                o.parameters["shared_memory_region"].string_param = "out"
                o.parameters["shared_memory_byte_size"].int64_param = 1024
                res = stub.ModelInfer(req)
                print("output", res.outputs[0].name, res.outputs[0].datatype, list(res.outputs[0].shape), "raw", len(res.raw_output_contents[0]))
                with open("/dev/shm/" + key_out, "rb") as f:
                    values = struct.unpack("<32f", f.read(128))
                print("values", " ".join(repr(v) for v in values))
                stub.SystemSharedMemoryUnregister(pb.SystemSharedMemoryUnregisterRequest(name=""))
                print("after", len(stub.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest()).regions))
            finally:
                for k in (key_in, key_out):
                    if os.path.exists("/dev/shm/" + k):
                        os.remove("/dev/shm/" + k)
            """;

    @Test
    void should_read_inputs_from_and_write_outputs_to_shared_memory_regions(@TempDir Path dir) throws Exception {
        Path protos = Path.of("..", "triton-client", "src", "main", "proto")
                .toAbsolutePath()
                .normalize();
        KServeConformanceTest.run(
                dir,
                List.of(
                        KServeConformanceTest.python(),
                        "-m",
                        "grpc_tools.protoc",
                        "-I" + protos,
                        "--python_out=" + dir,
                        "--grpc_python_out=" + dir,
                        protos.resolve("grpc_service.proto").toString(),
                        protos.resolve("model_config.proto").toString()),
                60);
        Files.writeString(dir.resolve("client.py"), CLIENT);
        try (KServeServer server = KServeServer.builder()
                .backend(TinyRepo.backend())
                .port(0)
                .allowClientSharedMemory(true)
                .build()
                .start()) {
            List<String> lines = KServeConformanceTest.run(
                    dir,
                    List.of(
                            KServeConformanceTest.python(),
                            dir.resolve("client.py").toString(),
                            dir.toString(),
                            String.valueOf(server.port()),
                            ProcessHandle.current().pid() + "_" + System.nanoTime()),
                    60);
            assertThat(lines).contains("regions in out 528", "output embedding FP32 [1, 32] raw 0", "after 0");
            String values = lines.stream()
                    .filter(l -> l.startsWith("values "))
                    .findFirst()
                    .orElseThrow();
            float[] fromRegion = parse(values.substring("values ".length()));
            long[] ids = new long[64];
            System.arraycopy(new long[] {261, 361, 338, 1}, 0, ids, 0, 4);
            float[] inProcess = TinyRepo.backend()
                    .infer(InferRequest.builder()
                            .modelName("radio_clip_text")
                            .input(InferInput.ofInt64("input_ids", new long[] {1, 64}, ids))
                            .build())
                    .join()
                    .output("embedding")
                    .asFloats();
            assertThat(fromRegion).containsExactly(inProcess);
            assertThat(fromRegion).as("the region holds real output, not zeros").isNotEqualTo(new float[32]);
        }
    }

    private static float[] parse(String text) {
        return toFloats(
                Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray());
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
