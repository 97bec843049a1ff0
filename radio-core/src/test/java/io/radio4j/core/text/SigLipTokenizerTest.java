package io.radio4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.testing.Goldens;
import io.radio4j.core.testing.TinyRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigLipTokenizerTest {

    private static final Path TOKENIZER_JSON = TinyRepo.path().resolve("radio_clip_text/tokenizer.json");
    private static SigLipTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = SigLipTokenizer.fromFile(TOKENIZER_JSON);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static long[] content(long[] row) {
        int eos = 0;
        while (row[eos] != 1) {
            eos++;
        }
        return Arrays.copyOf(row, eos);
    }

    @Test
    void should_match_the_reference_input_ids_of_the_tiny_text_model() {
        for (JsonObject c : Goldens.objects(Goldens.cases("radio_clip_text"))) {
            List<String> texts = c.getAsJsonArray("texts").asList().stream()
                    .map(JsonElement::getAsString)
                    .toList();
            List<long[]> rows = tokenizer.tokenizeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                long[] expected = c.getAsJsonArray("input_ids").get(i).getAsJsonArray().asList().stream()
                        .mapToLong(JsonElement::getAsLong)
                        .toArray();
                assertThat(rows.get(i)).as(texts.get(i)).containsExactly(expected);
                assertThat(tokenizer.tokenize(texts.get(i))).containsExactly(expected);
            }
        }
    }

    @Test
    void should_agree_with_djl_on_the_same_tokenizer_json_except_for_bos() throws Exception {
        List<String> texts = List.of(
                "a red circle",
                "A photo of a BLUE square!",
                "zürich café ☕ 😀",
                "the_stripe is green",
                "an image of a purple ring on a white background",
                "Zebra crossing");
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(TOKENIZER_JSON)) {
            for (String text : texts) {
                long[] library =
                        djl.encode(TextCanonicalizer.canonicalize(text)).getIds();
                // The Gemma post-processor of tokenizer.json prepends BOS (id 2); SigLIP 2 uses none.
                assertThat(library[0]).isEqualTo(2);
                assertThat(content(tokenizer.tokenize(text)))
                        .as(text)
                        .containsExactly(Arrays.copyOfRange(library, 1, library.length));
            }
        }
    }

    @Test
    void should_match_the_python_reference_encoder_raw_and_in_the_full_pipeline() throws Exception {
        // The generator's own (Python) BPE encoder: raw strings without special tokens, and full input_ids rows.
        Path golden = TinyRepo.path().resolveSibling("src/test/resources/golden/tokenizer.json");
        try (HuggingFaceTokenizer djl =
                HuggingFaceTokenizer.newInstance(TOKENIZER_JSON, Map.of("addSpecialTokens", "false"))) {
            for (JsonElement e :
                    JsonParser.parseString(Files.readString(golden)).getAsJsonArray()) {
                JsonObject c = e.getAsJsonObject();
                String text = c.get("text").getAsString();
                if (c.has("ids")) {
                    long[] expected = c.getAsJsonArray("ids").asList().stream()
                            .mapToLong(JsonElement::getAsLong)
                            .toArray();
                    assertThat(djl.encode(text).getIds()).as(text).containsExactly(expected);
                } else {
                    long[] expected = c.getAsJsonArray("input_ids").asList().stream()
                            .mapToLong(JsonElement::getAsLong)
                            .toArray();
                    assertThat(TextCanonicalizer.canonicalize(text))
                            .isEqualTo(c.get("canonical").getAsString());
                    assertThat(tokenizer.tokenize(text)).as(text).containsExactly(expected);
                }
            }
        }
    }

    @Test
    void should_append_eos_and_right_pad_with_zeros_to_64() {
        long[] row = tokenizer.tokenize("a red circle");
        assertThat(row).hasSize(64);
        long[] content = content(row);
        assertThat(content).isNotEmpty();
        assertThat(row[content.length]).isEqualTo(1);
        assertThat(Arrays.copyOfRange(row, content.length + 1, 64)).containsOnly(0L);
    }

    @Test
    void should_truncate_long_texts_and_keep_eos_last() throws Exception {
        String longText = "a red circle and a blue square ".repeat(40);
        long[] row = tokenizer.tokenize(longText);
        assertThat(row).hasSize(64).doesNotContain(0L);
        assertThat(row[63]).isEqualTo(1);
        try (HuggingFaceTokenizer djl =
                HuggingFaceTokenizer.newInstance(TOKENIZER_JSON, Map.of("addSpecialTokens", "false"))) {
            long[] all = djl.encode(TextCanonicalizer.canonicalize(longText)).getIds();
            assertThat(all.length).isGreaterThan(63);
            assertThat(Arrays.copyOf(row, 63)).containsExactly(Arrays.copyOf(all, 63));
        }
    }

    @Test
    void should_use_the_configured_context_length_and_ids() {
        try (SigLipTokenizer custom = SigLipTokenizer.builder()
                .tokenizerJson(TOKENIZER_JSON)
                .contextLength(8)
                .eosId(7)
                .padId(3)
                .build()) {
            long[] row = custom.tokenize("a red circle");
            assertThat(row).hasSize(8);
            long[] reference = tokenizer.tokenize("a red circle");
            int n = content(reference).length;
            assertThat(Arrays.copyOf(row, n)).containsExactly(Arrays.copyOf(reference, n));
            assertThat(row[n]).isEqualTo(7);
            assertThat(Arrays.copyOfRange(row, n + 1, 8)).containsOnly(3L);
        }
    }

    @Test
    void should_refuse_empty_and_punctuation_only_texts() {
        assertThatThrownBy(() -> tokenizer.tokenize(""))
                .isInstanceOf(RadioInputException.class)
                .hasMessage("text is empty");
        assertThatThrownBy(() -> tokenizer.tokenize(" ?! _ "))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("no words left after canonicalization");
        assertThatThrownBy(() -> tokenizer.tokenize(null)).isInstanceOf(RadioInputException.class);
        assertThatThrownBy(() -> tokenizer.tokenizeAll(List.of("ok", "")))
                .isInstanceOf(RadioInputException.class)
                .hasMessageStartingWith("text 1:");
    }

    @Test
    void should_refuse_texts_over_the_limit_unless_raised() {
        String huge = "cat ".repeat(25_000);
        assertThatThrownBy(() -> tokenizer.tokenize(huge))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("100000 characters")
                .hasMessageContaining("limit is 8192");
        try (SigLipTokenizer lenient = SigLipTokenizer.builder()
                .tokenizerJson(TOKENIZER_JSON)
                .maxTextChars(200_000)
                .build()) {
            long[] row = lenient.tokenize(huge);
            assertThat(row).hasSize(64);
            assertThat(row[63]).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_calls_after_close_instead_of_touching_freed_memory() {
        SigLipTokenizer closing = SigLipTokenizer.fromFile(TOKENIZER_JSON);
        assertThat(closing.tokenize("a red circle")).hasSize(64);
        closing.close();
        closing.close();
        assertThatThrownBy(() -> closing.tokenize("a red circle"))
                .isInstanceOf(io.radio4j.core.RadioException.class)
                .hasMessage("the tokenizer is closed");
        assertThatThrownBy(() -> closing.tokenizeAll(List.of("a"))).isInstanceOf(io.radio4j.core.RadioException.class);
    }

    @Test
    void should_fail_clearly_on_a_file_that_is_not_a_tokenizer() {
        assertThatThrownBy(() -> SigLipTokenizer.builder()
                        .tokenizerJson("{\"not\": 1}".getBytes())
                        .build())
                .isInstanceOf(io.radio4j.core.RadioException.class)
                .hasMessageContaining("cannot load the tokenizer");
        assertThatThrownBy(() -> SigLipTokenizer.builder().tokenizerJson(Path.of("no/such/tokenizer.json")))
                .isInstanceOf(io.radio4j.core.RadioException.class)
                .hasMessageContaining("cannot read tokenizer file");
    }
}
