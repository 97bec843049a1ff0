package io.radio4j.service.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(IndexTestProfile.class)
class IndexResourceTest {

    private static final String PROBLEM = "application/problem+json";

    /** A PNG: a diagonal gradient with a coloured square, so each colour embeds differently. */
    static byte[] png(int width, int height, Color square) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color(x * 255 / width, y * 255 / height, 60).getRGB());
            }
        }
        var g = img.createGraphics();
        g.setColor(square);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, Color.GREEN.getRGB());
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void folders() throws IOException {
        Files.createDirectories(IndexTestProfile.ALLOWED.resolve("sub"));
        Files.createDirectories(IndexTestProfile.OUTSIDE);
        Files.write(IndexTestProfile.ALLOWED.resolve("a.png"), png(64, 48, Color.ORANGE));
        Files.write(IndexTestProfile.ALLOWED.resolve("sub/b.png"), png(40, 40, Color.CYAN));
        Files.write(IndexTestProfile.ALLOWED.resolve("sub/c.JPG"), jpeg(24, 36));
        Files.writeString(IndexTestProfile.ALLOWED.resolve("notes.txt"), "not an image");
        Files.write(IndexTestProfile.OUTSIDE.resolve("secret.png"), png(32, 32, Color.BLACK));
        Path link = IndexTestProfile.ALLOWED.resolve("escape");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, IndexTestProfile.OUTSIDE);
        }
    }

    private static JsonPath upload(String name, byte[] bytes) {
        return given().multiPart("file", name, bytes, "image/png")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    @Test
    void should_index_three_images_and_find_each_by_its_own_image_first() {
        byte[] red = png(96, 64, Color.RED);
        byte[] green = png(64, 96, Color.GREEN);
        byte[] blue = png(80, 80, Color.BLUE);
        JsonPath indexed = given().multiPart("file", "red.png", red, "image/png")
                .multiPart("file", "green.png", green, "image/png")
                .multiPart("file", "blue.png", blue, "image/png")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(indexed.getList("indexed.fileName")).containsExactly("red.png", "green.png", "blue.png");
        assertThat(indexed.getList("indexed.width", Integer.class)).containsExactly(96, 64, 80);
        assertThat(indexed.getList("indexed.height", Integer.class)).containsExactly(64, 96, 80);
        assertThat(indexed.getList("failed")).isEmpty();
        String greenId = indexed.getString("indexed[1].id");

        JsonPath hits = given().multiPart("file", "query.png", green, "image/png")
                .queryParam("k", 3)
                .when()
                .post("/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(hits.getString("results[0].id")).isEqualTo(greenId);
        assertThat(hits.getDouble("results[0].score")).isCloseTo(1.0, within(1e-4));
        assertThat(hits.getString("results[0].fileName")).isEqualTo("green.png");
        assertThat(hits.getInt("results[0].width")).isEqualTo(64);
        assertThat(hits.getString("results[0].imageUrl")).isEqualTo("/v1/index/" + greenId + "/image");
        assertThat(hits.getList("results")).hasSize(3);

        given().when()
                .get("/v1/index/" + greenId)
                .then()
                .statusCode(200)
                .body("fileName", equalTo("green.png"))
                .body("mimeType", equalTo("image/png"))
                .body("bytes", equalTo(green.length));

        byte[] served = given().when()
                .get("/v1/index/" + greenId + "/image")
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertThat(served).isEqualTo(green);
    }

    // What a restart after kill -9 would find: the folder as it is on disk now (Lucene commit plus
    // write-ahead log), copied and recovered by a second store, then read at its last commit point.
    private static Path recovered() throws IOException {
        Path source = IndexTestProfile.DATA.resolve("lucene");
        Path copy = Files.createTempDirectory(Path.of("target"), "recovered");
        try (var files = Files.walk(source)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    Files.copy(
                            f,
                            copy.resolve(source.relativize(f).toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        LuceneEmbeddingStore.builder().directory(copy).build().close();
        return copy;
    }

    // Finding the entry in what is on disk proves the write was made durable (its log record
    // fsynced) before the HTTP answer, which is what lets it survive kill -9.
    @Test
    void should_have_committed_vector_and_bytes_to_disk_before_answering() throws IOException {
        byte[] img = png(44, 33, Color.DARK_GRAY);
        String id = upload("durable.png", img).getString("indexed[0].id");
        try (FSDirectory dir = FSDirectory.open(recovered());
                DirectoryReader committed = DirectoryReader.open(dir)) {
            assertThat(new IndexSearcher(committed).count(new TermQuery(new Term("id", id))))
                    .isEqualTo(1);
        }
        assertThat(Files.readAllBytes(IndexTestProfile.DATA.resolve("images").resolve(id + ".img")))
                .isEqualTo(img);
        assertThat(IndexTestProfile.DATA.resolve("images").resolve(id + ".json"))
                .exists();

        given().when().delete("/v1/index/" + id).then().statusCode(204);
        try (FSDirectory dir = FSDirectory.open(recovered());
                DirectoryReader committed = DirectoryReader.open(dir)) {
            assertThat(new IndexSearcher(committed).count(new TermQuery(new Term("id", id))))
                    .isZero();
        }
        assertThat(IndexTestProfile.DATA.resolve("images").resolve(id + ".img")).doesNotExist();
    }

    @Test
    void should_search_by_text_best_first_within_k() {
        upload("t1.png", png(50, 50, Color.MAGENTA));
        upload("t2.png", png(50, 50, Color.YELLOW));
        JsonPath hits = given().queryParam("q", "a yellow square")
                .queryParam("k", 2)
                .when()
                .get("/v1/search")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
        List<Float> scores = hits.getList("results.score", Float.class);
        assertThat(scores).hasSize(2).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        assertThat(scores).allSatisfy(s -> assertThat(s).isBetween(0f, 1f));
        assertThat(hits.getList("results.fileName")).doesNotContainNull();
    }

    @Test
    void should_replace_a_reupload_and_delete_for_good() {
        byte[] img = png(30, 20, Color.PINK);
        String id = upload("same.png", img).getString("indexed[0].id");
        assertThat(upload("same.png", img).getString("indexed[0].id")).isEqualTo(id);
        long copies =
                given().when().get("/v1/index").then().statusCode(200).extract().jsonPath().getList("items.id").stream()
                        .filter(id::equals)
                        .count();
        assertThat(copies).isEqualTo(1);

        given().when().delete("/v1/index/" + id).then().statusCode(204);
        given().when().get("/v1/index/" + id + "/image").then().statusCode(404).contentType(PROBLEM);
        given().when().delete("/v1/index/" + id).then().statusCode(404).contentType(PROBLEM);
        List<String> ids = given().multiPart("file", "q.png", img, "image/png")
                .queryParam("k", IndexTestProfile.MAX_RESULTS)
                .when()
                .post("/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.id");
        assertThat(ids).doesNotContain(id);
    }

    @Test
    void should_answer_the_same_picture_under_another_name_with_the_id_it_has() {
        byte[] img = png(36, 28, new Color(12, 200, 99));
        String id = upload("first-name.png", img).getString("indexed[0].id");
        JsonPath again = upload("second-name.png", img);
        assertThat(again.getString("indexed[0].id")).isEqualTo(id);
        assertThat(again.getString("indexed[0].fileName")).isEqualTo("first-name.png");
        JsonPath twice = given().multiPart("file", "x.png", png(22, 22, Color.LIGHT_GRAY), "image/png")
                .multiPart("file", "y.png", png(22, 22, Color.LIGHT_GRAY), "image/png")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(twice.getList("indexed.id")).hasSize(2).containsOnly(twice.getString("indexed[0].id"));
        List<String> names = given().when()
                .get("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.fileName");
        assertThat(names).contains("first-name.png", "x.png").doesNotContain("second-name.png", "y.png");
        given().when().delete("/v1/index/" + id).then().statusCode(204);
        // Once deleted, the picture is indexed anew under the name it comes with.
        assertThat(upload("second-name.png", img).getString("indexed[0].fileName"))
                .isEqualTo("second-name.png");
    }

    @Test
    void should_page_the_listing_and_say_when_the_models_are_stand_ins() {
        upload("page-1.png", png(20, 21, Color.RED));
        upload("page-2.png", png(21, 20, Color.BLUE));
        JsonPath all =
                given().when().get("/v1/index").then().statusCode(200).extract().jsonPath();
        int total = all.getInt("count");
        assertThat(all.getList("items")).hasSize(total);
        JsonPath page = given().queryParam("offset", 1)
                .queryParam("limit", 1)
                .when()
                .get("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getInt("count")).isEqualTo(total);
        assertThat(page.getInt("offset")).isEqualTo(1);
        assertThat(page.getList("items.id")).containsExactly(all.getString("items[1].id"));
        assertThat(given().queryParam("offset", total)
                        .when()
                        .get("/v1/index")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items"))
                .isEmpty();
        given().queryParam("limit", 0)
                .when()
                .get("/v1/index")
                .then()
                .statusCode(422)
                .contentType(PROBLEM);
        given().queryParam("offset", "x")
                .when()
                .get("/v1/index")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);

        given().when()
                .get("/v1/info")
                .then()
                .statusCode(200)
                .body("backend", equalTo("embedded"))
                .body("standInModels", equalTo(true))
                .body("note", containsString("stand-in"));
    }

    @Test
    void should_index_a_folder_inside_the_allowed_roots_without_following_links() {
        JsonPath indexed = given().contentType(ContentType.JSON)
                .body(Map.of("folder", IndexTestProfile.ALLOWED.toString()))
                .when()
                .post("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(indexed.getList("indexed.fileName")).containsExactlyInAnyOrder("a.png", "b.png", "c.JPG");
        assertThat(indexed.getList("indexed.mimeType")).contains("image/jpeg");
    }

    @Test
    void should_refuse_folders_outside_the_allowed_roots() {
        for (String folder : List.of(
                IndexTestProfile.OUTSIDE.toString(),
                IndexTestProfile.ALLOWED.resolve("../outside").toString(),
                IndexTestProfile.ALLOWED.resolve("escape").toString())) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("folder", folder))
                    .when()
                    .post("/v1/index")
                    .then()
                    .statusCode(403)
                    .contentType(PROBLEM)
                    .body("detail", containsString("radio4j.index.allowed-roots"));
        }
        given().multiPart("folder", "relative/path")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("detail", containsString("absolute"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "folder", IndexTestProfile.ALLOWED.resolve("missing").toString()))
                .when()
                .post("/v1/index")
                .then()
                .statusCode(422)
                .contentType(PROBLEM);
    }

    @Test
    void should_answer_bad_input_with_problem_json() {
        // not an image at all (long enough to be judged by its header, not refused as truncated)
        byte[] text = "this is plain text pretending to be a PNG, not an image at all".getBytes();
        given().multiPart("file", "fake.png", text, "image/png")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(415)
                .contentType(PROBLEM)
                .body("detail", containsString("fake.png"));
        // no file
        given().multiPart("other", "x")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        // too many files
        var request = given();
        for (int i = 0; i <= IndexTestProfile.MAX_UPLOAD_FILES; i++) {
            request.multiPart("file", "f" + i + ".png", png(8, 8, Color.GRAY), "image/png");
        }
        request.when()
                .post("/v1/index")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("detail", containsString("radio4j.index.max-upload-files"));
        // one good, one bad: the good one is indexed, the bad one listed
        JsonPath partial = given().multiPart("file", "good.png", png(12, 12, Color.WHITE), "image/png")
                .multiPart("file", "bad.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png")
                .when()
                .post("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(partial.getList("indexed.fileName")).containsExactly("good.png");
        assertThat(partial.getString("failed[0].fileName")).isEqualTo("bad.png");
        assertThat(partial.getInt("failed[0].status")).isBetween(400, 499);
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("radio4j_index_images_total{outcome=\"indexed\"}")
                .containsPattern("radio4j_index_images_total\\{outcome=\"failed_4\\d\\d\"\\}");

        given().when()
                .get("/v1/search")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("'q'"));
        given().queryParam("q", "cat")
                .queryParam("k", 0)
                .when()
                .get("/v1/search")
                .then()
                .statusCode(422)
                .contentType(PROBLEM);
        given().queryParam("q", "cat")
                .queryParam("k", IndexTestProfile.MAX_RESULTS + 1)
                .when()
                .get("/v1/search")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("detail", containsString("radio4j.index.max-results"));
        given().queryParam("q", "cat")
                .queryParam("k", "many")
                .when()
                .get("/v1/search")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        given().queryParam("q", "x".repeat(IndexTestProfile.MAX_TEXT_CHARS + 1))
                .when()
                .get("/v1/search")
                .then()
                .statusCode(413)
                .contentType(PROBLEM);
        given().multiPart("file", "q.txt", text, "text/plain")
                .when()
                .post("/v1/search")
                .then()
                .statusCode(415)
                .contentType(PROBLEM);
        given().multiPart("other", "x")
                .when()
                .post("/v1/search")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        given().when().get("/v1/index/../../etc/passwd/image").then().statusCode(404);
        given().when()
                .get("/v1/index/not-a-uuid/image")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
    }
}
