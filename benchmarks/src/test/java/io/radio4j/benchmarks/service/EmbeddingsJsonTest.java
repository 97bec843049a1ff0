package io.radio4j.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmbeddingsJsonTest {

    @Test
    void should_carry_the_image_bytes_as_a_jpeg_data_url() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

        JsonNode request = new ObjectMapper().readTree(EmbeddingsJson.imageRequest("radio_clip_vision", jpeg));

        assertThat(request.path("model").asText()).isEqualTo("radio_clip_vision");
        assertThat(request.path("encoding_format").asText()).isEqualTo("float");
        assertThat(request.path("input")).hasSize(1);
        String url = request.path("input").path(0).asText();
        assertThat(url).startsWith("data:image/jpeg;base64,");
        assertThat(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))
                .isEqualTo(jpeg);
    }

    @Test
    void should_read_the_first_embedding_of_an_answer() throws Exception {
        byte[] answer = """
                {"object":"list","data":[{"index":0,"embedding":[0.25,-0.5,1e-3]},{"index":1,"embedding":[9]}],
                 "model":"radio_clip_vision","usage":{"prompt_tokens":0,"total_tokens":0}}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(EmbeddingsJson.firstEmbedding(answer)).containsExactly(0.25f, -0.5f, 1e-3f);
    }

    @Test
    void should_refuse_an_answer_without_an_embedding() {
        byte[] problem = "{\"title\":\"Bad Request\",\"status\":400}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EmbeddingsJson.firstEmbedding(problem))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Bad Request");
    }
}
