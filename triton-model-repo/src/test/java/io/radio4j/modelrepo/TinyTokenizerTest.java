package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny tokenizer.json loads in the Rust tokenizers library (through DJL) and encodes exactly as
 * the generator's own BPE encoder does, so the recorded goldens and the text tower agree with what
 * Java callers will produce.
 */
class TinyTokenizerTest {

    private static final Path TOKENIZER =
            TinyRepository.TINY.resolve("radio_clip_text").resolve("tokenizer.json");
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        // No truncation or padding here: the text contract does both after appending <eos>.
        tokenizer = HuggingFaceTokenizer.newInstance(TOKENIZER, Map.of("truncation", "false", "padding", "false"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void should_encode_like_the_generator_without_special_tokens() throws IOException {
        for (JsonNode c : TinyModelGoldenTest.golden("tokenizer")) {
            if (!c.has("ids")) {
                continue;
            }
            String text = c.get("text").asText();
            long[] expected = new long[c.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("ids").get(i).asLong();
            }
            Encoding encoding = tokenizer.encode(text, false, false);

            assertThat(encoding.getIds()).as("ids of '%s'", text).containsExactly(expected);
        }
    }

    @Test
    void should_rebuild_the_text_towers_input_ids_with_eos_and_zero_padding() throws IOException {
        for (JsonNode c : TinyModelGoldenTest.golden("tokenizer")) {
            if (!c.has("input_ids")) {
                continue;
            }
            long[] body =
                    tokenizer.encode(c.get("canonical").asText(), false, false).getIds();
            long[] ids = new long[64];
            System.arraycopy(body, 0, ids, 0, body.length);
            ids[body.length] = 1;

            long[] expected =
                    c.get("input_ids").valueStream().mapToLong(JsonNode::asLong).toArray();
            assertThat(ids).as("input_ids of '%s'", c.get("text").asText()).containsExactly(expected);
        }
    }

    @Test
    void should_use_gemma_special_token_ids() {
        assertThat(ids("<pad>")).containsExactly(0);
        assertThat(ids("<eos>")).containsExactly(1);
        assertThat(ids("<bos>")).containsExactly(2);
        assertThat(ids("<unk>")).containsExactly(3);
    }

    @Test
    void should_prepend_bos_with_special_tokens_as_gemmas_file_does() {
        long[] plain = tokenizer.encode("a red circle", false, false).getIds();
        long[] special = tokenizer.encode("a red circle", true, false).getIds();

        assertThat(special[0]).isEqualTo(2);
        assertThat(Arrays.copyOfRange(special, 1, special.length)).containsExactly(plain);
    }

    @Test
    void should_decode_byte_fallback_pieces_back_to_the_text() {
        String text = "zürich café ☕";
        long[] ids = tokenizer.encode(text, false, false).getIds();

        assertThat(tokenizer.decode(ids, true)).isEqualTo(text);
    }

    private static long[] ids(String special) {
        return tokenizer.encode(special, false, false).getIds();
    }
}
