package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.core.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token-budget endpoints use the controller as configured under {@code radio4j.token-budget}. */
@QuarkusTest
@TestProfile(TokenBudgetConfigProfile.class)
class TokenBudgetConfigTest {

    @Test
    void should_start_from_the_configured_profile_file() {
        JsonPath state =
                given().get("/v1/token-budget").then().statusCode(200).extract().jsonPath();
        assertEquals(100.0, state.getDouble("model.latencyMs"), 1.0);
        assertEquals(2.0, state.getDouble("model.perImageMs"), 0.5);
    }

    @Test
    void should_use_the_default_target_quantile_and_class_floor_from_configuration() {
        JsonPath d = given().contentType(ContentType.JSON)
                .body(Map.of("image_classes", List.of("dense-reading", "general"), "max_total_tokens", 2))
                .post("/v1/token-budget")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2000.0, d.getDouble("ttftTargetMs"));
        assertEquals(0.95, d.getDouble("quantile"));
        assertEquals(64, d.getInt("tokensPerImage[0]"));
        assertTrue(d.getDouble("predictedTtftMs") > d.getDouble("marginMs"));
    }

    @Test
    void should_shed_with_reasons_in_the_answer_and_the_metrics_when_configured() {
        JsonPath d = given().contentType(ContentType.JSON)
                .body(Map.of("images", 4, "ttft_target_ms", 50))
                .post("/v1/token-budget")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("SHED", d.getString("reason"));
        assertFalse(d.getBoolean("admitted"));
        assertTrue(d.getDouble("predictedTtftMs") > 50);
        given().multiPart("file", "a.png", TestImages.squareOnGradient(64, 64), "image/png")
                .multiPart("ttft_target_ms", "50")
                .post("/v1/radio1d/tokens")
                .then()
                .statusCode(429);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("radio4j_token_budget_decisions_total{reason=\"SHED\"}"), metrics);
        assertTrue(metrics.contains("radio4j_token_budget_margin_ms"));
        assertTrue(metrics.contains("radio4j_token_budget_shedding"));
    }
}
