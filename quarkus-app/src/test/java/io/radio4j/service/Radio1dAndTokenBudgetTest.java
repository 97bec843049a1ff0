package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class Radio1dAndTokenBudgetTest {

    @Test
    void should_return_the_requested_number_of_fp16_tokens() {
        JsonPath json = given().multiPart("file", "a.png", TestImages.squareOnGradient(64, 64), "image/png")
                .multiPart("num_tokens", "16")
                .post("/v1/radio1d/tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(16, json.getInt("num_tokens"));
        int dim = json.getInt("dimension");
        assertEquals(16 * dim * 2, Base64.getDecoder().decode(json.getString("tokens")).length);
        assertEquals(10, json.getInt("prefix_tokens"));
    }

    @Test
    void should_nest_fewer_tokens_inside_more() {
        byte[] png = TestImages.squareOnGradient(64, 64);
        byte[] four = Base64.getDecoder()
                .decode(given().multiPart("file", "a.png", png, "image/png")
                        .multiPart("num_tokens", "4")
                        .post("/v1/radio1d/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("tokens"));
        byte[] eight = Base64.getDecoder()
                .decode(given().multiPart("file", "a.png", png, "image/png")
                        .multiPart("num_tokens", "8")
                        .post("/v1/radio1d/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("tokens"));
        assertEquals(four.length * 2, eight.length);
        assertTrue(
                java.util.Arrays.equals(four, 0, four.length, eight, 0, four.length),
                "RADIO1D's first n tokens are the n-token answer");
    }

    @Test
    void should_let_the_controller_choose_tokens_for_a_ttft_target() {
        JsonPath json = given().multiPart("file", "a.png", TestImages.squareOnGradient(64, 64), "image/png")
                .multiPart("ttft_target_ms", "2000")
                .post("/v1/radio1d/tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int n = json.getInt("num_tokens");
        List<Integer> decided = json.getList("decision.tokensPerImage", Integer.class);
        assertEquals(1, decided.size());
        assertEquals(Math.min(decided.getFirst(), 256), n);
        assertTrue(json.getBoolean("decision.admitted"));
    }

    @Test
    void should_decide_a_budget_and_learn_from_observations() {
        Map<String, Object> decision = given().contentType(ContentType.JSON)
                .body(Map.of("images", 2, "ttft_target_ms", 500, "text_tokens", 100))
                .post("/v1/token-budget")
                .then()
                .statusCode(200)
                .body("tokensPerImage.size()", equalTo(2))
                .extract()
                .jsonPath()
                .getMap("");
        int before = given().get("/v1/token-budget")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("observations");
        given().contentType(ContentType.JSON)
                .body(Map.of("decision", decision, "measured_ttft_ms", 120.5))
                .post("/v1/token-budget/observations")
                .then()
                .statusCode(200)
                .body("observations", equalTo(before + 1))
                .body("decisions", greaterThan(0));
    }

    @Test
    void should_give_fewer_tokens_for_a_tighter_target() {
        int loose = given().contentType(ContentType.JSON)
                .body(Map.of("ttft_target_ms", 100000))
                .post("/v1/token-budget")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("tokensPerImage[0]");
        int tight = given().contentType(ContentType.JSON)
                .body(Map.of("ttft_target_ms", 30))
                .post("/v1/token-budget")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("tokensPerImage[0]");
        assertTrue(tight <= loose, "tight " + tight + " vs loose " + loose);
        assertTrue(tight < loose || loose == 1, "a 30 ms target must cost tokens against 100 s");
    }
}
