package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.TinyRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code _bytes} ensembles from a client radio4j did not write: Python's grpcio with stubs
 * generated from Triton's protos builds the BYTES tensor itself (4-byte little-endian length, then
 * the file, per element) and, as the reference, decodes the same files with Pillow
 * ({@code ImageOps.exif_transpose(Image.open(f)).convert("RGB").resize((512, 512), BICUBIC)}) and
 * sends the pixels to the engine. Both answers must be identical, and a truncated file must come
 * back as INVALID_ARGUMENT.
 */
class BytesEnsemblePythonClientTest {

    private static final String CLIENT = """
            import sys, struct, io
            sys.path.insert(0, sys.argv[1])
            import grpc, grpc_service_pb2 as pb, grpc_service_pb2_grpc as rpc
            from PIL import Image, ImageOps
            stub = rpc.GRPCInferenceServiceStub(grpc.insecure_channel("127.0.0.1:" + sys.argv[2]))
            files = [open(p, "rb").read() for p in sys.argv[3:]]

            def bytes_request(items):
                req = pb.ModelInferRequest(model_name="c_radio_v4_h_bytes")
                t = req.inputs.add(); t.name = "image_bytes"; t.datatype = "BYTES"; t.shape.extend([len(items), 1])
                req.raw_input_contents.append(b"".join(struct.pack("<I", len(f)) + f for f in items))
                req.outputs.add().name = "summary"
                return req

            res = stub.ModelInfer(bytes_request(files))
            print("bytes", " ".join(repr(v) for v in struct.unpack("<%df" % (len(res.raw_output_contents[0]) // 4), res.raw_output_contents[0])))
            pixels = b""
            for f in files:
                im = ImageOps.exif_transpose(Image.open(io.BytesIO(f))).convert("RGB").resize((512, 512), Image.BICUBIC)
                pixels += im.tobytes()
            req = pb.ModelInferRequest(model_name="c_radio_v4_h")
            t = req.inputs.add(); t.name = "image"; t.datatype = "UINT8"; t.shape.extend([len(files), 512, 512, 3])
            req.raw_input_contents.append(pixels)
            req.outputs.add().name = "summary"
            res = stub.ModelInfer(req)
            print("pillow", " ".join(repr(v) for v in struct.unpack("<%df" % (len(res.raw_output_contents[0]) // 4), res.raw_output_contents[0])))
            try:
                stub.ModelInfer(bytes_request([files[0], files[0][:500]]))
            except grpc.RpcError as e:
                print("error", e.code().name, e.details())
            """;

    @Test
    void python_bytes_client_should_get_what_pillow_pixels_get(@TempDir Path dir) throws Exception {
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
        Path corpus = Path.of("src", "test", "resources", "image", "corpus").toAbsolutePath();
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
                            String.valueOf(server.port()),
                            corpus.resolve("jpeg_420_640x480.jpg").toString(),
                            corpus.resolve("jpeg_exif_6.jpg").toString(),
                            corpus.resolve("png_palette_trns.png").toString()));
            String viaBytes = lines.stream()
                    .filter(l -> l.startsWith("bytes "))
                    .findFirst()
                    .orElseThrow()
                    .substring(6);
            String viaPillow = lines.stream()
                    .filter(l -> l.startsWith("pillow "))
                    .findFirst()
                    .orElseThrow()
                    .substring(7);
            assertThat(viaBytes.split(" ")).hasSize(3 * 128);
            assertThat(viaBytes).isEqualTo(viaPillow);
            assertThat(lines)
                    .anySatisfy(l ->
                            assertThat(l).startsWith("error INVALID_ARGUMENT").contains("image 1 of the batch"));
        }
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
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
        assertThat(p.exitValue()).as(command + ":\n" + out).isZero();
        return Arrays.asList(out.split("\n"));
    }
}
