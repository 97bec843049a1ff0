package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's environment creation reads {@code /proc/self/cmdline} and matches it with a
 * recursive {@code std::regex}, which overflows a 1 MiB thread stack once the JVM's command line
 * passes about 3,800 characters. A child JVM with a 10,000-character command line must still serve
 * (radio4j creates the environment on a large-stack thread), while the same JVM calling ONNX Runtime
 * directly on its main thread crashes, which shows the test exercises the cause.
 */
class LongCommandLineTest {

    private static final String PAD = "-Dradio4j.test.pad=" + "x".repeat(10_000);

    @Test
    void should_serve_from_a_jvm_with_a_10000_character_command_line() throws Exception {
        List<String> command = List.of(java(), "--enable-native-access=ALL-UNNAMED", PAD, "-cp", classPath(),
                ServeRepository.class.getName(), "--tiny", "--port", "0");
        assertThat(String.join(" ", command).length()).isGreaterThan(10_000);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> seen = new ArrayList<>();
            boolean serving = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (!serving && (line = out.readLine()) != null) {
                    seen.add(line);
                    serving = line.startsWith("serving [");
                }
            }
            assertThat(serving).as("child output:\n%s\nexit: %s", String.join("\n", seen), p.isAlive() ? "running" : p.exitValue()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_crash_when_onnx_runtime_is_created_on_the_main_thread_with_that_command_line(@TempDir Path dir) throws Exception {
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        ai.onnxruntime.OrtEnvironment.getEnvironment();
                        System.out.println("created");
                    }
                }
                """);
        // Reuses radio4j's per-user copy of the native libraries so the crash leaves no temporary folder.
        io.radio4j.core.backend.internal.OrtRuntime.environment();
        String nativePath = System.getProperty("onnxruntime.native.path");
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"), PAD, "-cp", classPath()));
        if (nativePath != null) {
            command.add("-Donnxruntime.native.path=" + nativePath);
        }
        command.add(probe.toString());
        // The overflow is not certain on every run (once in a fresh checkout the probe survived a
        // 10,000-character command line that crashes it by hand every time), so the control tries a
        // few times: one crash is enough to show the command line reaches the cause.
        List<String> outcomes = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (p.exitValue() == 139 && !out.contains("created")) {
                return; // killed by SIGSEGV (128 + 11) before the environment was created
            }
            outcomes.add("exit " + p.exitValue() + ": " + out.strip());
        }
        throw new AssertionError("ONNX Runtime created its environment on the main thread in 5 of 5 tries: " + outcomes);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
