package io.radio4j.service.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.service.ConcurrencyLimiter;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

    @Inject
    ConcurrencyLimiter limiter;

    /** Each test's own pictures: the index answers a picture it already holds with its entry. */
    private static byte[] uniquePng(Color square) {
        return IndexResourceTest.png(48 + (int) (Math.random() * 40), 40, square);
    }

    private static JsonPath awaitDone(String id) throws InterruptedException {
        return await(id, job -> false);
    }

    /** The job once {@code until} holds or it is done (whichever comes first), read by polling. */
    private static JsonPath await(String id, Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonPath job = given().get("/v1/index/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (until.test(job) || "done".equals(job.getString("state")) || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(50);
        }
    }

    /**
     * Removes what a job indexed: the index is shared with the other tests of this profile, which
     * list it whole and index the allowed root recursively.
     */
    private static void removeIndexed(JsonPath... jobs) {
        Set<Object> ids = new LinkedHashSet<>();
        for (JsonPath job : jobs) {
            ids.addAll(job.getList("items.imageId"));
        }
        ids.remove(null);
        for (Object id : ids) {
            given().delete("/v1/index/" + id).then().statusCode(204);
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
        return readEvents(id, new CountDownLatch(1));
    }

    /** The same, counting {@code opened} down once the first event has arrived. */
    private List<Map.Entry<String, JsonPath>> readEvents(String id, CountDownLatch opened)
            throws IOException, InterruptedException {
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
                        opened.countDown();
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
            String id = startFolderJob(folder);
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

    /**
     * The service's inference permits, all taken by the test: a job can then list its folder but not
     * embed a batch (each try is refused as busy and retried) until they are returned, so the states
     * before the first outcome can be read without racing the job.
     */
    private int holdEveryPermit() {
        int held = 0;
        while (held < limiter.max()) {
            limiter.acquire();
            held++;
        }
        return held;
    }

    private static Path folderOf(String name, Map<String, byte[]> files) throws IOException {
        Path folder = Files.createDirectories(IndexTestProfile.JOB_FOLDERS.resolve(name + "-" + UUID.randomUUID()));
        for (var file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    private static String startFolderJob(Path folder) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("folder", folder.toString()))
                .post("/v1/index/jobs")
                .then()
                .statusCode(202)
                .body("folder", equalTo(folder.toString()))
                .extract()
                .path("id");
    }

    /** The item events as "index:state", in the order they came. */
    private static List<String> itemChanges(List<Map.Entry<String, JsonPath>> events) {
        return events.stream()
                .filter(e -> e.getKey().equals("item"))
                .map(e -> e.getValue().getInt("index") + ":" + e.getValue().getString("state"))
                .toList();
    }

    @Test
    void should_report_a_folders_total_first_then_each_file_as_its_batch_is_done() throws Exception {
        byte[] first = uniquePng(new Color(201, 13, 77));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.png", first);
        files.put("b-broken.png", "this is text, not a PNG".getBytes(StandardCharsets.UTF_8));
        files.put("c.png", uniquePng(new Color(13, 201, 77)));
        files.put("d.png", uniquePng(new Color(77, 13, 201)));
        files.put("notes.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        Path folder = folderOf("progress", files);
        // A second folder: the same picture as a.png under another name, and a new one.
        Path second = folderOf("second", Map.of("again.png", first, "e.png", uniquePng(new Color(150, 150, 20))));

        ExecutorService readers = Executors.newFixedThreadPool(2);
        Future<List<Map.Entry<String, JsonPath>>> streamed;
        Future<List<Map.Entry<String, JsonPath>>> streamedSecond;
        String id;
        String secondId;
        int held = holdEveryPermit();
        try {
            id = startFolderJob(folder);
            // One job runs at a time (radio4j.index.jobs.workers = 1): the second waits for the first.
            secondId = startFolderJob(second);

            JsonPath listed = await(id, job -> job.getInt("total") > 0);
            assertThat(listed.getString("state")).isEqualTo("running");
            assertThat(listed.getInt("total")).isEqualTo(4);
            assertThat(listed.getInt("indexed")).isZero();
            assertThat(listed.getInt("failed")).isZero();
            assertThat(listed.getList("items.fileName")).containsExactly("a.png", "b-broken.png", "c.png", "d.png");
            assertThat(listed.getList("items.index", Integer.class)).containsExactly(0, 1, 2, 3);
            assertThat(listed.getList("items.state").subList(0, 2))
                    .allMatch(s -> s.equals("queued") || s.equals("embedding"));
            assertThat(listed.getList("items.state").subList(2, 4)).containsOnly("queued");
            JsonPath waiting = given().get("/v1/index/jobs/" + secondId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(waiting.getString("state")).isEqualTo("queued");
            assertThat(waiting.getInt("total")).isZero();

            CountDownLatch opened = new CountDownLatch(2);
            streamed = readers.submit(() -> readEvents(id, opened));
            streamedSecond = readers.submit(() -> readEvents(secondId, opened));
            assertThat(opened.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("both streams opened")
                    .isTrue();
        } finally {
            for (int i = 0; i < held; i++) {
                limiter.release();
            }
            readers.shutdown();
        }
        List<Map.Entry<String, JsonPath>> events = streamed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<Map.Entry<String, JsonPath>> secondEvents = streamedSecond.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // The first job: its stream opened with the total known and nothing indexed.
        JsonPath snapshot = events.getFirst().getValue();
        assertThat(events.getFirst().getKey()).isEqualTo("job");
        assertThat(snapshot.getInt("total")).isEqualTo(4);
        assertThat(snapshot.getInt("indexed")).isZero();
        assertThat(snapshot.getList("items.state")).doesNotContain("indexed", "failed");
        assertThat(events.getLast().getKey()).isEqualTo("done");
        List<String> changes = itemChanges(events);
        // Each file's outcome is told once, and the first batch (two files) is done before the second starts.
        assertThat(changes).containsSubsequence("0:indexed", "1:failed", "2:embedding", "2:indexed");
        assertThat(changes).containsSubsequence("0:indexed", "1:failed", "3:embedding", "3:indexed");
        assertThat(changes.stream().filter(c -> c.endsWith(":indexed") || c.endsWith(":failed")))
                .containsExactlyInAnyOrder("0:indexed", "1:failed", "2:indexed", "3:indexed");
        JsonPath broken = events.stream()
                .filter(e -> e.getKey().equals("item") && e.getValue().getInt("index") == 1)
                .map(Map.Entry::getValue)
                .filter(item -> item.getString("state").equals("failed"))
                .findFirst()
                .orElseThrow();
        assertThat(broken.getString("fileName")).isEqualTo("b-broken.png");
        assertThat(broken.getInt("failure.status")).isEqualTo(415);
        assertThat(broken.getString("failure.reason"))
                .isEqualTo("This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).");
        assertThat(broken.getString("failure.detail")).isNotBlank();
        assertThat(broken.getString("imageId")).isNull();

        JsonPath done = events.getLast().getValue();
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("total")).isEqualTo(4);
        assertThat(done.getInt("indexed")).isEqualTo(3);
        assertThat(done.getInt("failed")).isEqualTo(1);
        assertThat(done.getString("failure")).isNull();
        assertThat(done.getList("items.state")).containsExactly("indexed", "failed", "indexed", "indexed");
        JsonPath read = awaitDone(id);
        assertThat(read.getList("items.state")).isEqualTo(done.getList("items.state"));
        assertThat(read.getList("items.imageId")).isEqualTo(done.getList("items.imageId"));
        for (int i : new int[] {0, 2, 3}) {
            given().get("/v1/index/" + done.getString("items[" + i + "].imageId"))
                    .then()
                    .statusCode(200)
                    .body("fileName", equalTo(done.getString("items[" + i + "].fileName")));
        }

        // The second job: subscribed while queued, its files were told in one 'job' event before any change.
        assertThat(secondEvents.getFirst().getKey()).isEqualTo("job");
        assertThat(secondEvents.getFirst().getValue().getInt("total")).isZero();
        assertThat(secondEvents.get(1).getKey()).isEqualTo("job");
        JsonPath secondListed = secondEvents.get(1).getValue();
        assertThat(secondListed.getInt("total")).isEqualTo(2);
        assertThat(secondListed.getList("items.fileName")).containsExactly("again.png", "e.png");
        assertThat(secondListed.getList("items.state")).containsOnly("queued");
        assertThat(secondEvents.subList(2, secondEvents.size() - 1))
                .allMatch(e -> e.getKey().equals("item"));
        JsonPath secondDone = secondEvents.getLast().getValue();
        assertThat(secondDone.getList("items.state")).containsExactly("indexed", "indexed");
        // The same picture is answered with the id it already has.
        assertThat(secondDone.getString("items[0].imageId")).isEqualTo(done.getString("items[0].imageId"));
        assertThat(secondDone.getString("items[1].imageId")).isNotEqualTo(done.getString("items[0].imageId"));
        removeIndexed(done, secondDone);
    }

    @Test
    void should_fail_a_folder_job_as_a_whole_over_either_file_limit() throws Exception {
        Map<String, byte[]> overJob = new LinkedHashMap<>();
        for (int i = 0; i <= IndexTestProfile.MAX_ITEMS_PER_JOB; i++) {
            overJob.put("p" + i + ".png", IndexResourceTest.png(8, 8, Color.GRAY));
        }
        assertThat(overJob).hasSizeLessThanOrEqualTo(IndexTestProfile.MAX_UPLOAD_FILES);
        JsonPath job = awaitDone(startFolderJob(folderOf("over-job", overJob)));
        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getInt("failure.status")).isEqualTo(413);
        assertThat(job.getString("failure.reason")).isEqualTo("This folder holds more images than one job may index.");
        assertThat(job.getString("failure.detail"))
                .contains("radio4j.index.jobs.max-items-per-job = " + IndexTestProfile.MAX_ITEMS_PER_JOB);
        assertThat(job.getInt("total")).isZero();
        assertThat(job.getList("items")).isEmpty();

        Map<String, byte[]> overFolder = new LinkedHashMap<>();
        for (int i = 0; i <= IndexTestProfile.MAX_UPLOAD_FILES; i++) {
            overFolder.put("q" + i + ".png", IndexResourceTest.png(8, 8, Color.GRAY));
        }
        JsonPath refused = awaitDone(startFolderJob(folderOf("over-folder", overFolder)));
        assertThat(refused.getInt("failure.status")).isEqualTo(413);
        assertThat(refused.getString("failure.reason"))
                .isEqualTo("This folder holds more images than one job may index.");
        assertThat(refused.getString("failure.detail")).contains("radio4j.index.max-upload-files");
        assertThat(refused.getList("items")).isEmpty();
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
