package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot take the service down: with more slow-body connections open than worker
 * threads, liveness, a cheap request and an inference request still answer, and every slow client
 * gets 408 (body too slow) or 429 (no slot), never a 500 and never an answer that does not come.
 */
@QuarkusTest
@TestProfile(SlowClientProfile.class)
class SlowClientTest {

    private static final int SLOW_CLIENTS = 3 * SlowClientProfile.WORKER_THREADS;

    @TestHTTPResource("/")
    URL root;

    @Inject
    ConcurrencyLimiter limiter;

    /** A client that goes away while admitted gives its slot back (no leak that would refuse everyone later). */
    @Test
    void a_slot_is_returned_when_an_admitted_client_disconnects() throws Exception {
        awaitAllFree();
        try (Socket s = new Socket(root.getHost(), root.getPort())) {
            s.getOutputStream()
                    .write(("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 100000\r\n\r\n{\"input\":[\"")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            while (limiter.available() == limiter.max()) {
                Thread.sleep(10);
            }
        }
        awaitAllFree();
        assertEquals(limiter.max(), limiter.available());
    }

    private void awaitAllFree() throws InterruptedException {
        for (int i = 0; i < 3000 && limiter.available() < limiter.max(); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void slow_bodies_get_408_or_429_while_health_and_normal_requests_answer() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket s = new Socket(root.getHost(), root.getPort());
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                String head = i % 2 == 0
                        ? "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"input\":[\""
                        : "POST /v1/images/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                + "Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/v1/models").then().statusCode(200);
            assertTrue(
                    answersWithinRetries(), "an inference request was answered 200 while slow clients were connected");
            for (Socket s : slow) {
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertTrue(
                        status != null && (status.contains(" 408 ") || status.contains(" 429 ")),
                        "a slow client got '" + status + "', expected 408 or 429");
            }
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** A normal request: 429 is allowed while slow clients still hold the slots, then it must succeed. */
    private static boolean answersWithinRetries() throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int status = given().contentType(ContentType.JSON)
                    .body(Map.of("input", "a cat"))
                    .post("/v1/embeddings")
                    .then()
                    .extract()
                    .statusCode();
            if (status == 200) {
                return true;
            }
            assertEquals(429, status, "only 429 is acceptable while the slots are taken");
            Thread.sleep(200);
        }
        return false;
    }
}
