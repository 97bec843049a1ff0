package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EmbeddingsResourceTest {

    private static JsonPath post(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    private static float[] floats(List<Float> list) {
        float[] f = new float[list.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = list.get(i);
        }
        return f;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void should_embed_texts_and_images_in_input_order_with_usage() {
        String image = TestImages.dataUrl(TestImages.squareOnGradient(64, 48));
        JsonPath json = post(Map.of("input", List.of("a photo of a cat", image, "a dog")));
        assertEquals("list", json.getString("object"));
        assertEquals(List.of(0, 1, 2), json.getList("data.index"));
        float[] cat = floats(json.getList("data[0].embedding", Float.class));
        float[] img = floats(json.getList("data[1].embedding", Float.class));
        float[] dog = floats(json.getList("data[2].embedding", Float.class));
        assertEquals(cat.length, img.length, "texts and images share one space");
        assertTrue(
                Math.abs(norm(cat) - 1) < 1e-3 && Math.abs(norm(img) - 1) < 1e-3,
                "RADIO-CLIP embeddings are L2-normalized");
        assertNotEquals(cat[0], dog[0]);
        assertEquals(1, json.getInt("usage.images"));
        // "a photo of a cat" and "a dog" are at least 4 + 2 tokens plus one EOS each.
        assertTrue(json.getInt("usage.prompt_tokens") >= 8, "usage counts the text tokens");
        assertEquals(json.getInt("usage.prompt_tokens"), json.getInt("usage.total_tokens"));
    }

    @Test
    void should_answer_the_same_vector_alone_as_in_a_batch() {
        float[] alone = floats(post(Map.of("input", "a red square")).getList("data[0].embedding", Float.class));
        float[] batched = floats(post(Map.of("input", List.of("something else", "a red square")))
                .getList("data[1].embedding", Float.class));
        assertArrayEquals(alone, batched, 1e-5f);
    }

    @Test
    void should_encode_base64_as_little_endian_fp32_of_the_float_answer() {
        String image = TestImages.dataUrl(TestImages.squareOnGradient(40, 40, Color.BLUE));
        float[] plain = floats(post(Map.of("input", List.of(image))).getList("data[0].embedding", Float.class));
        String b64 = post(Map.of("input", List.of(image), "encoding_format", "base64"))
                .getString("data[0].embedding");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(plain, decoded, 1e-6f);
    }

    @Test
    void should_embed_images_with_c_radio_summaries() {
        String a = TestImages.dataUrl(TestImages.squareOnGradient(64, 64, Color.GREEN));
        String b = TestImages.dataUrl(TestImages.squareOnGradient(64, 64, Color.BLACK));
        JsonPath json = post(Map.of("model", "c_radio_v4_h", "input", List.of(a, b)));
        assertEquals("c_radio_v4_h", json.getString("model"));
        float[] ea = floats(json.getList("data[0].embedding", Float.class));
        float[] eb = floats(json.getList("data[1].embedding", Float.class));
        assertEquals(ea.length, eb.length);
        assertTrue(ea.length > 0);
        assertNotEquals(ea[0], eb[0], "different images give different summaries");
    }

    @Test
    void should_list_models() {
        given().when()
                .get("/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.size()", greaterThan(2));
    }
}
