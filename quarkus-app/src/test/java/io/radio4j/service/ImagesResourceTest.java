package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.testing.TestImages;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImagesResourceTest {

    private static float[] floats(List<Float> list) {
        float[] f = new float[list.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = list.get(i);
        }
        return f;
    }

    @Test
    void should_embed_several_uploaded_files_in_order() {
        byte[] red = TestImages.squareOnGradient(80, 60, Color.RED);
        byte[] blue = TestImages.squareOnGradient(80, 60, Color.BLUE);
        JsonPath json = given().multiPart("file", "red.png", red, "image/png")
                .multiPart("file", "blue.png", blue, "image/png")
                .multiPart("resolution", "256")
                .multiPart("resize_mode", "center_crop")
                .when()
                .post("/v1/images/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("red.png", "blue.png"), json.getList("data.file_name"));
        assertEquals(256, json.getInt("height"));
        assertEquals("center_crop", json.getString("resize_mode"));
        float[] r = floats(json.getList("data[0].embedding", Float.class));
        float[] b = floats(json.getList("data[1].embedding", Float.class));
        assertEquals(r.length, b.length);
        assertNotEquals(r[0], b[0]);

        // The same file alone gives the same vector as in the batch.
        float[] alone = floats(given().multiPart("file", "blue.png", blue, "image/png")
                .multiPart("resolution", "256")
                .multiPart("resize_mode", "center_crop")
                .post("/v1/images/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class));
        assertArrayEquals(b, alone, 1e-5f);
    }

    @Test
    void should_embed_uploads_with_radio_clip_like_the_data_url_route() {
        byte[] png = TestImages.squareOnGradient(50, 70, Color.ORANGE);
        float[] upload = floats(given().multiPart("file", "x.png", png, "image/png")
                .multiPart("model", "radio_clip")
                .post("/v1/images/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class));
        float[] json = floats(given().contentType("application/json")
                .body(java.util.Map.of("input", List.of(TestImages.dataUrl(png))))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class));
        assertArrayEquals(json, upload, 1e-6f);
    }

    @Test
    void should_return_fp16_features_matching_the_float_answer_with_grid_size() {
        byte[] png = TestImages.squareOnGradient(100, 60);
        JsonPath f32 = given().multiPart("file", "a.png", png, "image/png")
                .multiPart("resolution", "320x224")
                .multiPart("encoding_format", "float")
                .post("/v1/images/features")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(20, f32.getInt("grid_height"));
        assertEquals(14, f32.getInt("grid_width"));
        assertEquals("NLC", f32.getString("layout"));
        int channels = f32.getInt("channels");
        float[] values = floats(f32.getList("features", Float.class));
        assertEquals(20 * 14 * channels, values.length);

        JsonPath f16 = given().multiPart("file", "a.png", png, "image/png")
                .multiPart("resolution", "320x224")
                .post("/v1/images/features")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("float16", f16.getString("dtype"));
        ByteBuffer half = ByteBuffer.wrap(Base64.getDecoder().decode(f16.getString("features")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(values.length * 2, half.remaining());
        for (int i = 0; i < values.length; i++) {
            float h = Float.float16ToFloat(half.getShort());
            assertEquals(values[i], h, Math.abs(values[i]) * 1e-3f + 1e-4f, "feature " + i);
        }
    }

    @Test
    void should_draw_the_pca_picture_at_the_image_size() throws IOException {
        byte[] png = TestImages.squareOnGradient(120, 90);
        String url = given().multiPart("file", "a.png", png, "image/png")
                .multiPart("visualize", "true")
                .post("/v1/images/features")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("visualization");
        assertTrue(url.startsWith("data:image/png;base64,"));
        BufferedImage img =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        assertEquals(120, img.getWidth());
        assertEquals(90, img.getHeight());
        // Components are stretched to 0..255, so a picture of real features is not one flat colour.
        int first = img.getRGB(0, 0);
        boolean varies = false;
        for (int y = 0; y < img.getHeight() && !varies; y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                varies |= img.getRGB(x, y) != first;
            }
        }
        assertTrue(varies);
    }

    @Test
    void should_leave_the_picture_out_unless_asked() {
        given().multiPart("file", "a.png", TestImages.squareOnGradient(32, 32), "image/png")
                .post("/v1/images/features")
                .then()
                .statusCode(200)
                .body("visualization", org.hamcrest.Matchers.nullValue());
    }
}
