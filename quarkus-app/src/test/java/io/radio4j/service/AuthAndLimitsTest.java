package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.radio4j.core.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(AuthAndLimitsProfile.class)
class AuthAndLimitsTest {

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + AuthAndLimitsProfile.KEY);
    }

    @Test
    void should_refuse_requests_without_the_key() {
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "cat"))
                .post("/v1/embeddings")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("API key is required"))
                .body("error.message", containsString("API key is required"))
                .body("error.code", equalTo("invalid_api_key"));
        given().get("/v1/images/embeddings")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("API key is required"));
        given().get("/q/metrics").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().get("/v1/models").then().statusCode(401);
    }

    @Test
    void should_refuse_a_wrong_key_including_a_prefix_of_the_right_one() {
        for (String wrong : List.of("nope", AuthAndLimitsProfile.KEY.substring(0, 5), AuthAndLimitsProfile.KEY + "x")) {
            given().header("X-API-Key", wrong)
                    .get("/v1/models")
                    .then()
                    .statusCode(401)
                    .body("detail", equalTo("the API key is not valid"));
        }
    }

    @Test
    void should_accept_the_key_as_bearer_or_header() {
        authed().get("/v1/models").then().statusCode(200);
        given().header("X-API-Key", AuthAndLimitsProfile.KEY)
                .get("/v1/models")
                .then()
                .statusCode(200);
        authed().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void should_leave_health_and_the_page_shell_open() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
        // The page's static shell holds no data; everything it fetches from /v1 needs the key.
        given().get("/").then().statusCode(200);
    }

    @Test
    void should_answer_413_over_the_image_byte_limit_naming_the_key() {
        byte[] big = TestImages.squareOnGradient(200, 200);
        authed().multiPart("file", "big.png", big, "image/png")
                .post("/v1/images/embeddings")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("radio4j.limits.max-image-bytes = 4000"));
        authed().contentType(ContentType.JSON)
                .body(Map.of("input", TestImages.dataUrl(big)))
                .post("/v1/embeddings")
                .then()
                .statusCode(413)
                .body("detail", containsString("max-image-bytes"));
    }

    @Test
    void should_answer_413_over_the_batch_limit() {
        authed().contentType(ContentType.JSON)
                .body(Map.of("input", List.of("a", "b", "c", "d")))
                .post("/v1/embeddings")
                .then()
                .statusCode(413)
                .body("detail", containsString("radio4j.limits.max-items-per-call = 3"));
        byte[] png = TestImages.squareOnGradient(8, 8);
        authed().multiPart("file", "1.png", png, "image/png")
                .multiPart("file", "2.png", png, "image/png")
                .multiPart("file", "3.png", png, "image/png")
                .multiPart("file", "4.png", png, "image/png")
                .post("/v1/images/embeddings")
                .then()
                .statusCode(413);
        authed().contentType(ContentType.JSON)
                .body(Map.of("input", List.of("a", "b", "c")))
                .post("/v1/embeddings")
                .then()
                .statusCode(200);
    }

    @Test
    void should_answer_422_over_the_text_limit() {
        authed().contentType(ContentType.JSON)
                .body(Map.of("input", "x".repeat(41)))
                .post("/v1/embeddings")
                .then()
                .statusCode(422)
                .body("detail", containsString("40"));
    }

    @Test
    void should_never_fetch_loopback_or_private_addresses_even_when_remote_images_are_on() {
        for (String url : List.of(
                "http://127.0.0.1:8081/q/health",
                "http://localhost/x.png",
                "http://10.1.2.3/x.png",
                "http://192.168.0.1/x.png",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x.png",
                "http://192.0.2.1/x.png",
                "http://198.18.0.1/x.png",
                "http://240.0.0.1/x.png",
                "http://[::ffff:127.0.0.1]/x.png")) {
            authed().contentType(ContentType.JSON)
                    .body(Map.of("input", url))
                    .post("/v1/embeddings")
                    .then()
                    .statusCode(422)
                    .body("detail", containsString("not public"));
        }
    }
}
