package io.radio4j.service.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-shaped routes as OpenAI clients see them: error bodies OpenAI's SDKs parse, the
 * {@code dimensions} and token-id refusals, model aliases, and {@code /v1/models} in OpenAI's shape;
 * then LangChain4j's own {@link OpenAiEmbeddingModel} against the running service.
 */
@QuarkusTest
class OpenAiCompatibilityTest {

    @TestHTTPResource("/v1")
    URL v1;

    private static io.restassured.response.ValidatableResponse post(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/embeddings")
                .then();
    }

    @Test
    void should_refuse_other_dimensions_with_an_openai_error_body() {
        post(Map.of("input", "a cat", "dimensions", 7))
                .statusCode(400)
                .contentType(equalTo("application/json"))
                .body("error.message", containsString("dimensions=7 is not supported"))
                .body("error.message", containsString("Matryoshka"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("dimensions"))
                .body("error.code", equalTo("unsupported_dimensions"))
                // The problem fields stay beside the error object.
                .body("status", equalTo(400))
                .body("detail", containsString("dimensions=7"));
    }

    @Test
    void should_accept_dimensions_equal_to_the_models_own() {
        int own = post(Map.of("input", "a cat"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding")
                .size();
        post(Map.of("input", "a cat", "dimensions", own)).statusCode(200);
    }

    @Test
    void should_refuse_token_ids_plainly() {
        for (Object input : List.of(List.of(101, 102), List.of(List.of(101, 102)), 7)) {
            post(Map.of("input", input))
                    .statusCode(400)
                    .contentType(containsString("application/json"))
                    .body("error.message", containsString("token-id input is not supported"))
                    .body("error.param", equalTo("input"));
        }
    }

    @Test
    void should_answer_nvclip_like_radio_clip() {
        List<Float> own = post(Map.of("model", "radio_clip", "input", "a dog"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class);
        List<Float> alias = post(Map.of("model", "nvidia/nvclip", "input", "a dog"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class);
        assertThat(alias).isEqualTo(own);
        post(Map.of("model", "NVIDIA/NVCLIP", "input", "a dog")).statusCode(200);
    }

    @Test
    void should_name_the_model_field_for_an_unknown_model() {
        post(Map.of("model", "text-embedding-3-small", "input", "a dog"))
                .statusCode(422)
                .body("error.message", containsString("unknown model 'text-embedding-3-small'"))
                .body("error.message", containsString("nvidia/nvclip"))
                .body("error.param", equalTo("model"))
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void should_keep_problem_json_on_other_routes() {
        given().contentType(ContentType.JSON)
                .body("{\"observations\": 3}")
                .post("/v1/token-budget/observations")
                .then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void should_list_models_in_openai_shape_with_aliases() {
        JsonPath list =
                given().get("/v1/models").then().statusCode(200).extract().jsonPath();
        assertThat(list.getString("object")).isEqualTo("list");
        assertThat(list.getList("data.object")).containsOnly("model");
        assertThat(list.getList("data.owned_by")).containsOnly("nvidia");
        assertThat(list.getList("data.created", Long.class))
                .allSatisfy(c -> assertThat(c).isGreaterThan(1_600_000_000L));
        assertThat(list.getList("data.id")).contains("radio_clip", "c_radio_v4_h", "radio1d_h", "nvidia/nvclip");
        assertThat(list.getString("data.find { it.id == 'nvidia/nvclip' }.alias_of"))
                .isEqualTo("radio_clip");

        given().get("/v1/models/radio_clip")
                .then()
                .statusCode(200)
                .body("id", equalTo("radio_clip"))
                .body("object", equalTo("model"))
                .body("alias_of", nullValue());
        given().get("/v1/models/nvidia/nvclip").then().statusCode(200).body("alias_of", equalTo("radio_clip"));
        given().get("/v1/models/gpt-4o")
                .then()
                .statusCode(404)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.type", equalTo("not_found_error"))
                .body("error.message", containsString("'gpt-4o' does not exist here"));
    }

    @Test
    void should_serve_langchain4j_openai_embedding_model() {
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
                .baseUrl(v1.toString())
                .apiKey("unused")
                .modelName("nvidia/nvclip")
                .maxRetries(0)
                .build();
        Response<Embedding> cat = model.embed("a photo of a cat");
        List<Float> direct = post(Map.of("input", "a photo of a cat"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class);
        assertThat(cat.content().dimension()).isEqualTo(direct.size());
        for (int i = 0; i < direct.size(); i++) {
            assertThat(cat.content().vector()[i]).isCloseTo(direct.get(i), org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(cat.tokenUsage().inputTokenCount()).isGreaterThan(0);

        OpenAiEmbeddingModel shortened = OpenAiEmbeddingModel.builder()
                .baseUrl(v1.toString())
                .apiKey("unused")
                .modelName("radio_clip")
                .dimensions(7)
                .maxRetries(0)
                .build();
        assertThatThrownBy(() -> shortened.embed("a cat"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("dimensions=7 is not supported");
    }
}
