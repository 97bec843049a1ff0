package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI and the concurrency bound, on the embedded default backend. */
@QuarkusTest
class OperationsTest {

    @Inject
    ConcurrencyLimiter limiter;

    @Inject
    RadioServiceConfig config;

    @Test
    void should_be_live_and_ready_with_every_required_model() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'radio4j-backend' }.data.radio_clip_text", equalTo("ready"))
                .body("checks.find { it.name == 'radio4j-backend' }.data.radio1d_h", equalTo("ready"));
    }

    @Test
    void should_expose_endpoint_histograms_backend_calls_batch_sizes_queue_depth_and_errors() {
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "a cat"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "x", "model", "nope"))
                .post("/v1/embeddings")
                .then()
                .statusCode(422);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("http_server_requests_seconds_bucket{"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("uri=\"/v1/embeddings\""));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("radio4j_backend_call_seconds_bucket{"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("model=\"radio_clip_text\""));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("radio4j_backend_batch_size_count{"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("radio4j_requests_waiting"));
        org.hamcrest.MatcherAssert.assertThat(
                metrics, containsString("radio4j_errors_total{cause=\"http_422\",status=\"422\"}"));
    }

    @Test
    void should_document_the_api_in_openapi_and_serve_swagger_ui() {
        given().accept(ContentType.JSON)
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/v1/embeddings"))
                .body("paths", hasKey("/v1/images/features"))
                .body("paths", hasKey("/v1/radio1d/tokens"))
                .body("paths", hasKey("/v1/token-budget"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void should_refuse_quickly_with_429_when_saturated_and_serve_again_after() throws InterruptedException {
        int max = limiter.max();
        // Hold every permit as in-flight requests would, so the outcome does not depend on timing.
        for (int i = 0; i < max; i++) {
            limiter.acquire();
        }
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("input", "a cat"))
                    .post("/v1/embeddings")
                    .then()
                    .statusCode(429)
                    .contentType("application/json") // an OpenAI-shaped route: OpenAI's error object too
                    .header("Retry-After", equalTo("5"))
                    .body("detail", containsString("max-concurrent-requests"))
                    .body("error.type", equalTo("rate_limit_error"));
            // Endpoints that do no inference are not limited.
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            for (int i = 0; i < max; i++) {
                limiter.release();
            }
        }
        assertEquals(max, limiter.available());
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "a cat"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200);
        awaitAvailable(max, "every permit is returned after a request");
    }

    @Test
    void should_return_the_permit_when_a_request_fails() throws InterruptedException {
        int before = limiter.available();
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "data:image/png;base64,aGVsbG8sIHdvcmxkIQ=="))
                .post("/v1/embeddings")
                .then()
                .statusCode(415);
        awaitAvailable(before, "the permit is returned after a failed request");
    }

    /**
     * Waits until {@code expected} permits are free. The permit goes back in the request's end handler,
     * which runs on the server's event loop after the response is on the wire, so the client can read
     * the response first; a permit that is never returned still fails after the wait.
     */
    private void awaitAvailable(int expected, String message) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (limiter.available() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, limiter.available(), message);
    }
}
