package io.radio4j.service.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.Color;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A delete racing a re-upload of the same image, many times: whichever wins, the entry ends up
 * either listed, servable and searchable, or gone from all three; never listed without its bytes
 * or found by search with a 404 image.
 */
@QuarkusTest
@TestProfile(IndexTestProfile.class)
class IndexRaceTest {

    private static final int ROUNDS = 10;

    @Test
    void delete_versus_reupload_leaves_a_consistent_entry_every_time() throws Exception {
        byte[] image = IndexResourceTest.png(28, 28, new Color(10, 200, 90));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = upload(image);
                CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(
                        () -> given().delete("/v1/index/" + id).then().extract().statusCode(), clients);
                CompletableFuture<String> reupload = CompletableFuture.supplyAsync(() -> upload(image), clients);
                assertThat(delete.get()).isIn(204, 404);
                assertThat(reupload.get()).isEqualTo(id);

                boolean listed = given().get("/v1/index")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id")
                        .contains(id);
                int bytes = given().get("/v1/index/" + id + "/image")
                        .then()
                        .extract()
                        .statusCode();
                List<String> found = given().multiPart("file", "q.png", image, "image/png")
                        .queryParam("k", IndexTestProfile.MAX_RESULTS)
                        .post("/v1/search")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("results.id");
                if (listed) {
                    assertThat(bytes)
                            .as("round %d: listed, so its bytes are served", round)
                            .isEqualTo(200);
                    assertThat(found)
                            .as("round %d: listed, so searchable", round)
                            .contains(id);
                } else {
                    assertThat(bytes)
                            .as("round %d: not listed, so no bytes", round)
                            .isEqualTo(404);
                    assertThat(found)
                            .as("round %d: not listed, so not found", round)
                            .doesNotContain(id);
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static String upload(byte[] image) {
        return given().multiPart("file", "race.png", image, "image/png")
                .post("/v1/index")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("indexed[0].id");
    }
}
