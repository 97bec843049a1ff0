package io.radio4j.benchmarks.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The radio4j service started from its built jar ({@code quarkus-app/target/quarkus-app/quarkus-run.jar})
 * in a child JVM on a free loopback port, so the benchmark measures the service exactly as it is
 * deployed: its HTTP stack, JSON, base64 decoding, preprocessing and backend.
 *
 * <p>{@link #close()} stops only this child process (and its descendants), never anything else.
 * Not thread-safe; one per benchmark run.
 */
public final class ServiceProcess implements AutoCloseable {

    /** How long {@link #start} waits for {@code /q/health/ready} before giving up. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final URI baseUri;
    private final Path log;

    private ServiceProcess(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /**
     * Starts the service and waits until it reports ready.
     *
     * @param runJar the {@code quarkus-run.jar} of a built service (its {@code lib/} beside it)
     * @param systemProperties extra {@code -Dkey=value} settings for the service, e.g. backend limits
     * @throws IllegalArgumentException if the jar does not exist
     * @throws IllegalStateException if the service exits or is not ready within the timeout; the
     *     message carries the end of its log
     */
    public static ServiceProcess start(Path runJar, List<String> systemProperties, Duration timeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(runJar, "runJar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalArgumentException("no service jar at " + runJar
                    + ": build it first with ./mvnw -B -ntp -q -pl quarkus-app -am package -DskipTests");
        }
        int port = freePort();
        Path log = Files.createTempFile("radio4j-service-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        for (String property : systemProperties) {
            command.add(property.startsWith("-D") ? property : "-D" + property);
        }
        command.add("-jar");
        command.add(runJar.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServiceProcess service = new ServiceProcess(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        try {
            service.awaitReady(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** The service's root, e.g. {@code http://127.0.0.1:41234/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The file the service's output goes to. */
    public Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the service exited with code " + process.exitValue() + "; end of its log:\n" + logTail());
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // keep polling until the deadline
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(
                "the service was not ready within " + timeout + "; end of its log:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Stops the service: a normal shutdown first, then a forced one after ten seconds. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
