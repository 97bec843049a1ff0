package io.radio4j.service.internal;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.radio4j.service.Problem;
import io.radio4j.service.RadioServiceConfig;
import io.radio4j.service.openai.OpenAiErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

/**
 * Optional API-key authentication ({@code radio4j.auth.api-key}) on every HTTP route, REST,
 * metrics, OpenAPI and files alike, except health ({@code /q/health*}, for orchestrators) and the
 * web page's own static shell (it holds no data; the page sends the key with its API calls).
 *
 * <p>Registered as a Vert.x filter rather than a REST filter so that non-REST routes
 * ({@code /q/metrics}) are covered too. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the first difference is and
 * whatever the presented key's length.
 */
@ApplicationScoped
public class ApiKeyFilter {

    /** The static files of the web page; everything they fetch is authenticated. */
    static final Set<String> PUBLIC_PATHS = Set.of("/", "/index.html", "/app.js", "/app.css", "/favicon.ico");

    @Inject
    RadioServiceConfig config;

    void register(@Observes Filters filters) {
        Optional<byte[]> expected =
                config.auth().apiKey().filter(k -> !k.isBlank()).map(ApiKeyFilter::digest);
        if (expected.isEmpty()) {
            return;
        }
        // Priority: above the default so this runs before any other route handler.
        filters.register(rc -> check(rc, expected.get()), 1000);
    }

    private static void check(RoutingContext rc, byte[] expected) {
        String path = rc.normalizedPath();
        if (path.startsWith("/q/health") || PUBLIC_PATHS.contains(path)) {
            rc.next();
            return;
        }
        String presented = presentedKey(rc);
        if (presented != null && MessageDigest.isEqual(expected, digest(presented))) {
            rc.next();
            return;
        }
        String detail = presented == null
                ? "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
                : "the API key is not valid";
        Problem problem = new Problem(null, "Unauthorized", 401, detail, null);
        boolean openAi = OpenAiErrors.isOpenAiRoute(path);
        String body = Json.encode(openAi ? OpenAiErrors.body(problem, null, "invalid_api_key") : problem);
        rc.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, openAi ? "application/json" : Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", "Bearer")
                .end(body);
    }

    private static String presentedKey(RoutingContext rc) {
        String header = rc.request().getHeader("X-API-Key");
        if (header != null) {
            return header;
        }
        String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
