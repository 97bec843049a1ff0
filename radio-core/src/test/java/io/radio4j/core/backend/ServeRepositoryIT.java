package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.ChildJvm;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged radio-core jar (not {@code target/classes}) started as its own process with
 * {@link ServeRepository} {@code --tiny}, and asked over KServe v2 gRPC with triton-client's
 * {@link TritonClient}: what perf_analyzer or Python {@code tritonclient} would do against it.
 * Run by maven-failsafe after {@code package}.
 */
class ServeRepositoryIT {

    /** One model keeps the child's start-up short; the others are served by the same code. */
    private static final String MODEL = "radio_clip_text";

    private static final Pattern SERVING = Pattern.compile("^serving \\[.*] on [^ ]+:(\\d+) \\(KServe v2 gRPC\\)");

    @Test
    void should_serve_the_tiny_models_from_the_packaged_jar_to_a_kserve_client() {
        Path jar = Path.of(System.getProperty("radio4j.it.radio-core-jar", "target/radio-core.jar"));
        assertThat(jar)
                .as("the packaged radio-core jar (run through `mvn verify`, which packages first)")
                .isRegularFile();
        List<String> args = List.of(
                "-cp",
                childClassPath(jar),
                ServeRepository.class.getName(),
                "--tiny",
                "--models",
                MODEL,
                "--port",
                "0");

        try (ChildJvm server = ChildJvm.start("serve-repository", Path.of("target", "it-logs"), args);
                OnnxBackend local = OnnxBackend.builder()
                        .repository(TinyRepo.path())
                        .models(MODEL)
                        .build()) {
            int port = Integer.parseInt(
                    server.awaitOutput(SERVING, ChildJvm.START_TIMEOUT, "its `serving [...] on host:port` line")
                            .group(1));
            try (TritonClient client =
                    TritonClient.builder().target("127.0.0.1:" + port).build()) {
                server.await(() -> ready(client), ChildJvm.START_TIMEOUT, "server ready over gRPC");
                assertThat(client.isModelReady(MODEL)).isTrue();
                assertThat(client.modelMetadata(MODEL).platform()).isEqualTo("onnxruntime_onnx");

                InferResult remote = client.infer(clipText(2));
                InferResult expected = local.infer(clipText(2)).join();
                assertThat(remote.output("embedding").shape()).containsExactly(2, 32);
                assertThat(remote.output("embedding").asFloats())
                        .as("the child serves the same answers as the embedded backend in this JVM")
                        .containsExactly(expected.output("embedding").asFloats());
            }
        }
    }

    /** Two token sequences of the tiny text model's 64 positions: a token, then EOS (id 1), then padding. */
    private static InferRequest clipText(int batch) {
        long[] ids = new long[batch * 64];
        for (int b = 0; b < batch; b++) {
            ids[b * 64] = 300 + b;
            ids[b * 64 + 1] = 1;
        }
        return InferRequest.builder()
                .modelName(MODEL)
                .input(InferInput.ofInt64("input_ids", new long[] {batch, 64}, ids))
                .build();
    }

    private static Optional<Boolean> ready(TritonClient client) {
        try {
            return client.isServerReady() ? Optional.of(true) : Optional.empty();
        } catch (TritonException notYet) {
            return Optional.empty();
        }
    }

    /**
     * The packaged jar first, then the dependencies from this test's class path (which includes
     * triton-model-repo, the tiny models {@code --tiny} reads); this module's own class folders are
     * left out, so the child can only run what was packaged.
     */
    private static String childClassPath(Path jar) {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path target = jar.toAbsolutePath().getParent();
        List<String> entries = new ArrayList<>(List.of(jar.toAbsolutePath().toString()));
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!entry.isBlank() && !path.startsWith(target) && Files.exists(path)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
