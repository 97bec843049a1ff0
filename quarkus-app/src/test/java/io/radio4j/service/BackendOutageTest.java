package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.quarkus.Radio4jConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backend down and back: 503 with Retry-After and readiness DOWN while the KServe server is away,
 * and service again, with no restart, once it returns (twice: at startup and after an outage).
 */
@QuarkusTest
@TestProfile(TritonOutageProfile.class)
class BackendOutageTest {

    /**
     * A generous bound for recovery, only so a broken build fails rather than hangs; the reconnect
     * back-off cap (radio4j.backend.max-reconnect-backoff) is what makes recovery quick, and
     * benchmarks/ measures it.
     */
    private static final long RECOVERY_MILLIS = 60_000;

    private static OnnxBackend models;

    @Inject
    Radio4jConfig config;

    @BeforeAll
    static void loadModels() {
        models = OnnxBackend.tiny();
    }

    @AfterAll
    static void closeModels() {
        models.close();
    }

    private int port() {
        String address = config.backend().tritonAddresses().orElseThrow().getFirst();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static Response embed() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("input", "a cat"))
                .post("/v1/embeddings");
    }

    private static void assertDown() {
        embed().then()
                .statusCode(503)
                .contentType("application/json") // an OpenAI-shaped route
                .header("Retry-After", equalTo("2"))
                .body("title", equalTo("Backend unavailable"))
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("unavailable"));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private static void awaitUp() throws InterruptedException {
        long end = System.currentTimeMillis() + RECOVERY_MILLIS;
        Supplier<Integer> probe = () -> embed().statusCode();
        int status;
        while ((status = probe.get()) != 200) {
            assertEquals(503, status, "only 503 while the backend comes back");
            if (System.currentTimeMillis() > end) {
                fail("no recovery within " + RECOVERY_MILLIS + " ms");
            }
            Thread.sleep(250);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void should_answer_503_while_down_and_recover_by_itself() throws InterruptedException {
        assertDown();

        KServeServer server =
                KServeServer.builder().backend(models).port(port()).build().start();
        try {
            awaitUp();
        } finally {
            server.close();
        }
        assertDown();

        server = KServeServer.builder().backend(models).port(port()).build().start();
        try {
            awaitUp();
            embed().then()
                    .statusCode(200)
                    .body(
                            "data[0].embedding.size()",
                            equalTo(embed().jsonPath()
                                    .getList("data[0].embedding")
                                    .size()));
        } finally {
            server.close();
        }
    }

    /**
     * A backend that stops answering without closing its connections (a paused process): readiness
     * says DOWN within its own timeout instead of waiting for the backend, requests under load end
     * with 504 at the deadline (never 500, never a hang), liveness stays UP, and service resumes
     * when the backend does. Readiness never shows the backend's address.
     */
    @Test
    void should_tell_the_truth_and_keep_deadlines_while_the_backend_is_paused() throws Exception {
        DelegatingBackend pausable = new DelegatingBackend(models);
        KServeServer server =
                KServeServer.builder().backend(pausable).port(port()).build().start();
        ExecutorService load = Executors.newFixedThreadPool(6);
        try {
            awaitUp();
            String ready = given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            org.hamcrest.MatcherAssert.assertThat(ready, not(containsString("127.0.0.1")));

            pausable.pause();
            List<Future<Integer>> inFlight = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                inFlight.add(load.submit(() -> embed().statusCode()));
            }
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks[0].data.server", containsString("radio4j.backend.readiness-timeout"))
                    .body(not(containsString("127.0.0.1")));
            given().get("/q/health/live").then().statusCode(200);
            for (Future<Integer> f : inFlight) {
                // 504: the call's deadline passed and it was cancelled; 429: no admission slot meanwhile.
                org.hamcrest.MatcherAssert.assertThat(f.get(), anyOf(equalTo(504), equalTo(429)));
            }

            pausable.resume();
            awaitUp();
        } finally {
            pausable.resume();
            load.shutdownNow();
            server.close();
        }
    }
}
