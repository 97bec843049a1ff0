package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's environment creation reads {@code /proc/self/cmdline} and matches it with a
 * recursive {@code std::regex}, which overflows a 1 MiB thread stack once the JVM's command line
 * passes about 3,800 characters. A child JVM with a 10,000-character command line must still serve
 * (radio4j creates the environment on a large-stack thread).
 *
 * <p>A JVM with the same command line that calls {@code OrtEnvironment.getEnvironment()} on its main
 * thread dies with SIGSEGV (exit 139) when run by hand here, which is how the cause was found. That
 * control is not part of the suite: run as a child of the full suite in a fresh checkout it survived
 * five times in a row, so whether the overflow happens depends on the environment, and a control
 * that may not crash would make the build flaky.
 */
class LongCommandLineTest {

    private static final String PAD = "-Dradio4j.test.pad=" + "x".repeat(10_000);

    @Test
    void should_serve_from_a_jvm_with_a_10000_character_command_line() throws Exception {
        List<String> command = List.of(
                java(),
                "--enable-native-access=ALL-UNNAMED",
                PAD,
                "-cp",
                classPath(),
                ServeRepository.class.getName(),
                "--tiny",
                "--port",
                "0");
        assertThat(String.join(" ", command).length()).isGreaterThan(10_000);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> seen = new ArrayList<>();
            boolean serving = false;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (!serving && (line = out.readLine()) != null) {
                    seen.add(line);
                    serving = line.startsWith("serving [");
                }
            }
            assertThat(serving)
                    .as("child output:\n%s\nexit: %s", String.join("\n", seen), p.isAlive() ? "running" : p.exitValue())
                    .isTrue();
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
