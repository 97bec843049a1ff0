package io.radio4j.benchmarks.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * POSTs one fixed body to an HTTP endpoint, such as the service's {@code POST /v1/embeddings}.
 * A response outside 2xx fails the request, with the status and the start of the body in the
 * message. Uses the JDK's {@link HttpClient} (HTTP/1.1, one connection per concurrent request).
 *
 * <p>Thread-safe.
 */
public final class RestTarget implements LoadTarget {

    /** Default request timeout of {@link #RestTarget(URI, byte[], String, Map, int, Duration)} callers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final HttpRequest request;
    private final int inferences;

    /**
     * @param uri the endpoint
     * @param body the request body, sent with every request
     * @param contentType its media type
     * @param headers extra headers (e.g. an API key)
     * @param inferencesPerRequest how many inferences the body asks for (e.g. inputs in the list)
     * @param timeout per-request timeout
     * @throws IllegalArgumentException if the URI is not http(s) or the count not positive
     */
    public RestTarget(
            URI uri,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            int inferencesPerRequest,
            Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("REST target must be an http(s) URL: " + uri);
        }
        if (inferencesPerRequest < 1) {
            throw new IllegalArgumentException("inferences per request must be positive: " + inferencesPerRequest);
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Objects.requireNonNull(timeout, "timeout"))
                .build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", Objects.requireNonNull(contentType, "contentType"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.clone()));
        headers.forEach(builder::header);
        this.request = builder.build();
        this.inferences = inferencesPerRequest;
    }

    @Override
    public CompletableFuture<?> send() {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + request.uri() + ": "
                        + body.substring(0, Math.min(200, body.length())));
            }
            return response;
        });
    }

    @Override
    public int inferencesPerRequest() {
        return inferences;
    }

    @Override
    public String description() {
        return "REST POST " + request.uri() + ", " + inferences + " input(s) per request";
    }

    @Override
    public void close() {
        http.close();
    }
}
