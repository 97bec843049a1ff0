package io.radio4j.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.core.testing.ChildJvm;
import io.radio4j.core.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, what {@code run.sh} and the
 * container start) as a real process on the embedded tiny models and the default Lucene index:
 * embed a text, index an image, {@code kill -9} the process the moment the upload is answered, start
 * it again on the same data folder and find the image by search. An answered upload must survive a
 * crash (the store's write-ahead log). Run by maven-failsafe after {@code package}.
 *
 * <p>{@code @QuarkusIntegrationTest} is not used: it starts the artifact once per test class and
 * cannot kill and restart it in the middle of a test.
 */
class PackagedServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dataDir;

    @Test
    void should_keep_an_answered_upload_across_a_kill_9_and_find_it_after_restart() throws Exception {
        Path jar = Path.of(System.getProperty("radio4j.it.service-jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar)
                .as("the packaged service (run through `mvn verify`, which packages first)")
                .isRegularFile();
        byte[] png = TestImages.squareOnGradient(96, 64);
        String id;

        try (Service first = startService(jar)) {
            URI base = awaitReady(first);

            JsonNode embedding = json(send(
                    first,
                    HttpRequest.newBuilder(base.resolve("/v1/embeddings"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"a photo of a cat\"}")),
                    200));
            assertThat(embedding.at("/data/0/embedding").size())
                    .as("text embedding length")
                    .isPositive();

            Multipart upload = Multipart.of("file", "square.png", "image/png", png);
            JsonNode indexed = json(send(
                    first,
                    HttpRequest.newBuilder(base.resolve("/v1/index"))
                            .header("Content-Type", upload.contentType())
                            .POST(upload.publisher()),
                    200));
            assertThat(indexed.at("/failed").size())
                    .as("failed uploads in %s", indexed)
                    .isZero();
            id = indexed.at("/indexed/0/id").asText();
            assertThat(id).as("id of the indexed image in %s", indexed).isNotBlank();

            first.jvm().kill(); // SIGKILL right after the answer: no shutdown hook, no Lucene commit
        }

        try (Service second = startService(jar)) {
            URI base = awaitReady(second);
            JsonNode results = json(send(
                    second,
                    HttpRequest.newBuilder(base.resolve(
                                    "/v1/search?k=5&q=" + URLEncoder.encode("a red square", StandardCharsets.UTF_8)))
                            .GET(),
                    200));
            assertThat(results.at("/results").findValuesAsText("id"))
                    .as("search results after the restart")
                    .contains(id);

            JsonNode listing = json(send(
                    second, HttpRequest.newBuilder(base.resolve("/v1/index")).GET(), 200));
            assertThat(listing.at("/count").asInt())
                    .as("index size after the restart, in %s", listing)
                    .isEqualTo(1);
            HttpResponse<byte[]> stored = send(
                    second,
                    HttpRequest.newBuilder(base.resolve("/v1/index/" + id + "/image"))
                            .GET(),
                    200);
            assertThat(stored.body()).as("the stored image bytes").isEqualTo(png);
        }
    }

    /** A started service process and the address it was told to listen on. */
    private record Service(ChildJvm jvm, URI base) implements AutoCloseable {
        @Override
        public void close() {
            jvm.close();
        }
    }

    /** The jar on a free port, its index in this test's temporary folder. */
    private Service startService(Path jar) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        return new Service(
                ChildJvm.start(
                        "quarkus-run",
                        Path.of("target", "it-logs"),
                        List.of(
                                "-Dquarkus.http.port=" + port,
                                "-Dquarkus.http.host=127.0.0.1",
                                "-Dradio4j.index.data-dir=" + dataDir.toAbsolutePath(),
                                "-jar",
                                jar.toAbsolutePath().toString())),
                URI.create("http://127.0.0.1:" + port));
    }

    /** Waits for {@code /q/health/ready} to answer 200 on the port the child was given. */
    private URI awaitReady(Service service) {
        URI base = service.base();
        service.jvm()
                .await(
                        () -> {
                            try {
                                HttpResponse<Void> r = http.send(
                                        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                                .timeout(Duration.ofSeconds(10))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding());
                                return r.statusCode() == 200 ? Optional.of(true) : Optional.empty();
                            } catch (IOException notListeningYet) {
                                return Optional.empty();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new AssertionError(e);
                            }
                        },
                        ChildJvm.START_TIMEOUT,
                        "GET /q/health/ready = 200 on " + base);
        return base;
    }

    private HttpResponse<byte[]> send(Service service, HttpRequest.Builder request, int expectedStatus)
            throws Exception {
        HttpRequest built = request.timeout(CALL_TIMEOUT).build();
        HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode())
                .as(
                        "%s %s answered %s%s",
                        built.method(),
                        built.uri(),
                        new String(response.body(), StandardCharsets.UTF_8),
                        service.jvm().tail())
                .isEqualTo(expectedStatus);
        return response;
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** One file part. Hand-written because java.net.http has no multipart body publisher. */
    private record Multipart(String boundary, byte[] body) {

        static Multipart of(String field, String fileName, String mimeType, byte[] content) {
            String boundary = "radio4j-" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                                + fileName + "\"\r\nContent-Type: " + mimeType + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write(content);
                out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Multipart(boundary, out.toByteArray());
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        HttpRequest.BodyPublisher publisher() {
            return HttpRequest.BodyPublishers.ofByteArray(body);
        }
    }
}
