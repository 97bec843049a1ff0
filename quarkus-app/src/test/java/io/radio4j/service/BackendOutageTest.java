package io.radio4j.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.core.backend.KServeServer;
import io.radio4j.core.backend.OnnxBackend;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Backend down and back: 503 with Retry-After and readiness DOWN while the KServe server is away,
 * and service again, with no restart, once it returns (twice: at startup and after an outage).
 */
@QuarkusTest
@TestProfile(TritonOutageProfile.class)
class BackendOutageTest {

    /** How long recovery may take: gRPC's reconnect backoff starts at 1 s and grows by 1.6x per failure. */
    private static final long RECOVERY_MILLIS = 60_000;

    private static OnnxBackend models;

    @Inject
    RadioServiceConfig config;

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
        return given().contentType(ContentType.JSON).body(Map.of("input", "a cat")).post("/v1/embeddings");
    }

    private static void assertDown() {
        embed().then().statusCode(503).contentType("application/json")   // an OpenAI-shaped route
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

        KServeServer server = KServeServer.builder().backend(models).port(port()).build().start();
        try {
            awaitUp();
        } finally {
            server.close();
        }
        assertDown();

        server = KServeServer.builder().backend(models).port(port()).build().start();
        try {
            awaitUp();
            embed().then().statusCode(200).body("data[0].embedding.size()", equalTo(
                    embed().jsonPath().getList("data[0].embedding").size()));
        } finally {
            server.close();
        }
    }
}
