package io.radio4j.service.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Indexing jobs ({@code /v1/index/jobs}): every file's outcome is reported, failures with a plain
 * reason and the service's detail, and followed as Server-Sent Events without losing a change.
 */
@QuarkusTest
@TestProfile(IndexTestProfile.class)
class IndexJobResourceTest {

    private static final String PROBLEM = "application/problem+json";
    // A guard against a hung job, not a performance expectation.
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL root;

    /** Each test's own pictures: the index answers a picture it already holds with its entry. */
    private static byte[] uniquePng(Color square) {
        return IndexResourceTest.png(48 + (int) (Math.random() * 40), 40, square);
    }

    private static JsonPath awaitDone(String id) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonPath job = given().get("/v1/index/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if ("done".equals(job.getString("state")) || System.nanoTime() > until) {
                return job;
            }
            Thread.sleep(50);
        }
    }

    /**
     * Removes what a job indexed: the index is shared with the other tests of this profile, which
     * list it whole and index the allowed root recursively.
     */
    private static void removeIndexed(JsonPath job) {
        for (Object id : job.getList("items.imageId")) {
            if (id != null) {
                given().delete("/v1/index/" + id).then().statusCode(204);
            }
        }
    }

    @Test
    void should_index_each_upload_and_report_a_failed_file_with_a_plain_reason() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonPath accepted = given().multiPart("file", "one-" + tag + ".png", uniquePng(Color.RED), "image/png")
                .multiPart(
                        "file",
                        "broken-" + tag + ".png",
                        "this is text, not a PNG".getBytes(StandardCharsets.UTF_8),
                        "image/png")
                .multiPart("file", "two-" + tag + ".png", uniquePng(Color.BLUE), "image/png")
                .post("/v1/index/jobs")
                .then()
                .statusCode(202)
                .header("Location", containsString("/v1/index/jobs/"))
                .body("id", notNullValue())
                .body("total", equalTo(3))
                .body("items[1].fileName", equalTo("broken-" + tag + ".png"))
                .extract()
                .jsonPath();

        JsonPath job = awaitDone(accepted.getString("id"));
        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getInt("indexed")).isEqualTo(2);
        assertThat(job.getInt("failed")).isEqualTo(1);
        assertThat(job.getList("items.state")).containsExactly("indexed", "failed", "indexed");
        assertThat(job.getString("items[1].failure.reason"))
                .isEqualTo("This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).");
        assertThat(job.getInt("items[1].failure.status")).isEqualTo(415);
        assertThat(job.getString("items[1].failure.detail")).isNotBlank();
        assertThat(job.getString("items[1].imageId")).isNull();
        for (int i : new int[] {0, 2}) {
            String id = job.getString("items[" + i + "].imageId");
            given().get("/v1/index/" + id)
                    .then()
                    .statusCode(200)
                    .body("fileName", equalTo(job.getString("items[" + i + "].fileName")));
        }
        removeIndexed(job);
    }

    @Test
    void should_stream_every_change_so_the_last_state_of_each_file_is_its_outcome() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        var request = given();
        for (int i = 0; i < 4; i++) {
            request = request.multiPart(
                    "file", "streamed-" + tag + "-" + i + ".png", uniquePng(new Color(40 * i, 90, 200)), "image/png");
        }
        request = request.multiPart("file", "empty-" + tag + ".png", new byte[0], "image/png");
        String id =
                request.post("/v1/index/jobs").then().statusCode(202).extract().path("id");

        List<Map.Entry<String, JsonPath>> events = readEvents(id);
        assertThat(events).isNotEmpty();
        assertThat(events.getFirst().getKey()).isEqualTo("job");
        assertThat(events.getLast().getKey()).isEqualTo("done");
        assertThat(events.stream()
                        .filter(e -> e.getKey().equals("job") || e.getKey().equals("done")))
                .hasSize(2);

        // The snapshot, then each change applied in order, must end where the finished job is.
        JsonPath snapshot = events.getFirst().getValue();
        Map<Integer, String> states = new HashMap<>();
        for (int i = 0; i < snapshot.getInt("total"); i++) {
            states.put(i, snapshot.getString("items[" + i + "].state"));
        }
        List<String> orderOfFirst = new ArrayList<>();
        for (var event : events.subList(1, events.size() - 1)) {
            assertThat(event.getKey()).isEqualTo("item");
            int index = event.getValue().getInt("index");
            String before = states.get(index);
            String after = event.getValue().getString("state");
            assertThat(rank(after))
                    .as("item %d went from %s to %s", index, before, after)
                    .isGreaterThan(rank(before));
            states.put(index, after);
            if (index == 0) {
                orderOfFirst.add(after);
            }
        }
        JsonPath done = events.getLast().getValue();
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("total")).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(states.get(i)).as("item %d", i).isEqualTo(done.getString("items[" + i + "].state"));
        }
        assertThat(done.getList("items.state")).containsExactly("indexed", "indexed", "indexed", "indexed", "failed");
        assertThat(done.getString("items[4].failure.reason")).isNotBlank();
        removeIndexed(done);
    }

    private static int rank(String state) {
        return switch (state) {
            case "queued" -> 0;
            case "embedding" -> 1;
            case "indexed", "failed" -> 2;
            default -> throw new AssertionError("unknown state " + state);
        };
    }

    /** The job's Server-Sent Events until the stream ends: (event name, JSON data). */
    private List<Map.Entry<String, JsonPath>> readEvents(String id) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(root.toString()).resolve("v1/index/jobs/" + id + "/events"))
                .timeout(WAIT)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Map.Entry<String, JsonPath>> events = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(Map.entry(name, new JsonPath(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                events.add(Map.entry(name, new JsonPath(data.toString())));
            }
        }
        return events;
    }

    @Test
    void should_index_a_folder_in_a_job_and_fail_the_job_for_a_folder_outside_the_roots() throws Exception {
        Path folder = Files.createDirectories(IndexTestProfile.ALLOWED.resolve("job-" + UUID.randomUUID()));
        try {
            Files.write(folder.resolve("x.png"), uniquePng(Color.MAGENTA));
            Files.write(folder.resolve("y.png"), uniquePng(Color.YELLOW));
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("folder", folder.toString()))
                    .post("/v1/index/jobs")
                    .then()
                    .statusCode(202)
                    .body("folder", equalTo(folder.toString()))
                    .extract()
                    .path("id");
            JsonPath job = awaitDone(id);
            assertThat(job.getString("state")).isEqualTo("done");
            assertThat(job.getList("items.fileName")).containsExactlyInAnyOrder("x.png", "y.png");
            assertThat(job.getList("items.state")).containsOnly("indexed");
            assertThat(job.getString("failure")).isNull();
            removeIndexed(job);
        } finally {
            // The other tests index the allowed root recursively, with a small file limit.
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }

        Files.createDirectories(IndexTestProfile.OUTSIDE);
        String refused = given().contentType(ContentType.JSON)
                .body(Map.of("folder", IndexTestProfile.OUTSIDE.toString()))
                .post("/v1/index/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath failed = awaitDone(refused);
        assertThat(failed.getInt("failure.status")).isEqualTo(403);
        assertThat(failed.getString("failure.reason")).isEqualTo("The service is not allowed to read this folder.");
        assertThat(failed.getList("items")).isEmpty();
    }

    @Test
    void should_answer_bad_requests_with_problem_json() {
        given().multiPart("unrelated", "x")
                .post("/v1/index/jobs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString("no image files"));
        given().multiPart("file", "a.png", uniquePng(Color.GRAY), "image/png")
                .multiPart("folder", "/somewhere")
                .post("/v1/index/jobs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("either files or 'folder'"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/index/jobs")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("'folder' is required"));
        given().get("/v1/index/jobs/no-such-job")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("detail", containsString("no indexing job with id 'no-such-job'"));
        given().accept("text/event-stream")
                .get("/v1/index/jobs/no-such-job/events")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
    }
}
