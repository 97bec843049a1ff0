package io.radio4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started as a child process by an integration test: the same Java as the test's, the JVM
 * flags radio4j needs (Vector API, native access for ONNX Runtime), stdout and stderr in one log
 * file whose tail every failure message carries. {@link #close()} kills it (also on failure: use
 * try-with-resources); a shutdown hook kills it if the test JVM itself is stopped.
 *
 * <p>Waits take generous deadlines and fail with what was awaited and the child's last output;
 * they check that the child is still alive, so a crash fails at once instead of at the deadline.
 */
public final class ChildJvm implements AutoCloseable {

    /** Start-up wait the integration tests use: the shared 2-core CI machine may be busy. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killer;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, name + "-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code java <radio4j flags> <args>}, e.g. {@code -cp CP Main ...} or {@code -jar app.jar}.
     *
     * @param name a short name for messages and the log file
     * @param logDir where the log file goes
     */
    public static ChildJvm start(String name, Path logDir, List<String> args) {
        // C1 only: a child that serves a handful of requests starts faster without C2 compiler threads
        // competing for the CI machine's two cores.
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-XX:TieredStopAtLevel=1",
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Duser.language=en",
                "-Duser.country=US",
                "-Duser.timezone=UTC"));
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Path log = Files.createTempFile(logDir, name + "-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** This JVM's own java executable, so the child runs on the JDK the build selected. */
    public static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The process, e.g. for its pid. */
    public Process process() {
        return process;
    }

    /**
     * Waits until a line of the child's output matches {@code pattern} and returns the match.
     *
     * @throws AssertionError naming {@code what} with the output's tail, when the child exits or the wait ends
     */
    public Matcher awaitOutput(Pattern pattern, Duration timeout, String what) {
        return await(
                () -> {
                    for (String line : lines()) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return Optional.of(m);
                        }
                    }
                    return Optional.empty();
                },
                timeout,
                what);
    }

    /**
     * Polls {@code probe} every 200 ms until it answers, the child exits or the wait ends.
     *
     * @throws AssertionError naming {@code what} with the output's tail
     */
    public <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        name + " exited with code " + process.exitValue() + " while waiting for " + what + tail());
            }
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        name + " did not reach " + what + " within " + timeout.toSeconds() + " s" + tail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** {@code kill -9}: no shutdown hook of the child runs. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                throw new AssertionError(name + " (pid " + process.pid() + ") survived destroyForcibly for a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the child's output, for failure messages. */
    public String tail() {
        List<String> lines = lines();
        return "\n--- last output of " + name + " (" + log + ") ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private List<String> lines() {
        try {
            // The child may be mid-line or write invalid UTF-8; neither may break a wait.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }
}
