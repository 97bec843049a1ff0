package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KServe conformance suite: the same cases (every RPC, every datatype, BYTES framing, shapes,
 * batch, versions, parameters, streaming, compression, shared memory, repository control) run
 * against radio4j's {@link KServeServer} and against a reference server written in Python from
 * Triton's sources ({@code src/test/python/kserve_conformance/reference_server.py}, grpcio stubs of
 * the same protocol), comparing codes, texts and payloads case by case. A difference fails the test
 * unless the suite lists it as deliberate with its reason (also in the module README's table).
 */
class KServeConformanceTest {

    private static final Path SUITE =
            Path.of("src", "test", "python", "kserve_conformance").toAbsolutePath();
    private static final Path PROTOS = Path.of("..", "triton-client", "src", "main", "proto")
            .toAbsolutePath()
            .normalize();
    /** Models loaded at start, on both servers (Triton's explicit mode with --load-model). */
    static final List<String> STARTUP_MODELS = List.of(
            "simple",
            "nobatch",
            "optional_in",
            "scores",
            "identity_bool",
            "identity_uint8",
            "identity_uint16",
            "identity_uint32",
            "identity_uint64",
            "identity_int8",
            "identity_int16",
            "identity_int32",
            "identity_int64",
            "identity_fp16",
            "identity_fp32",
            "identity_fp64",
            "identity_bytes");

    @Test
    void should_answer_every_case_as_the_triton_reference_does(@TempDir Path dir) throws Exception {
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path repo = Files.createDirectories(dir.resolve("repo"));
        run(
                dir,
                List.of(
                        python(),
                        "-m",
                        "grpc_tools.protoc",
                        "-I" + PROTOS,
                        "--python_out=" + stubs,
                        "--grpc_python_out=" + stubs,
                        PROTOS.resolve("grpc_service.proto").toString(),
                        PROTOS.resolve("model_config.proto").toString()),
                60);
        run(dir, List.of(python(), SUITE.resolve("make_models.py").toString(), repo.toString()), 60);

        Path portFile = dir.resolve("reference.port");
        Process reference = new ProcessBuilder(
                        python(),
                        SUITE.resolve("reference_server.py").toString(),
                        stubs.toString(),
                        repo.toString(),
                        portFile.toString(),
                        String.join(",", STARTUP_MODELS))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("reference.log").toFile())
                .start();
        try (OnnxBackend backend = OnnxBackend.builder()
                        .repository(repo)
                        .models(STARTUP_MODELS.toArray(String[]::new))
                        .build();
                KServeServer server = KServeServer.builder()
                        .backend(backend)
                        .port(0)
                        .explicitModelControl(true)
                        .allowClientSharedMemory(true)
                        .build()
                        .start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) && reference.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.exists(portFile))
                    .as(
                            "reference server started: %s",
                            Files.exists(dir.resolve("reference.log"))
                                    ? Files.readString(dir.resolve("reference.log"))
                                    : "")
                    .isTrue();
            String referencePort = Files.readString(portFile).strip();
            List<String> out = run(
                    dir,
                    List.of(
                            python(),
                            SUITE.resolve("conformance.py").toString(),
                            stubs.toString(),
                            "127.0.0.1:" + server.port(),
                            "127.0.0.1:" + referencePort,
                            dir.resolve("report.json").toString()),
                    240);
            String summary = out.stream()
                    .filter(l -> l.startsWith("conformance cases:"))
                    .findFirst()
                    .orElseThrow();
            int cases = Integer.parseInt(summary.replaceAll("conformance cases: (\\d+) .*", "$1"));
            assertThat(cases).isGreaterThanOrEqualTo(150);
            assertThat(out).contains("conformance: " + cases + " passed, 0 failed");
        } finally {
            reference.destroy();
            reference.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String python() {
        return System.getProperty("python.executable", "/usr/bin/python3");
    }

    static List<String> run(Path dir, List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                lines.addAll(Arrays.asList(
                        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            } catch (java.io.IOException ignored) {
                // The process was killed; its exit status tells.
            }
        });
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        reader.join(5000);
        String output = String.join("\n", lines);
        assertThat(done).as("%s timed out:\n%s", command, output).isTrue();
        assertThat(p.exitValue()).as("%s:\n%s", command, output).isZero();
        return lines;
    }
}
