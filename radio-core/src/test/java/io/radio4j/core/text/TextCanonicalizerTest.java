package io.radio4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextCanonicalizerTest {

    static Stream<Arguments> table() {
        return Stream.of(
                arguments("A photo of a Cat.", "a photo of a cat"),
                arguments("golden_retriever", "golden retriever"),
                arguments("  lots   of\tspace\n", "lots of space"),
                arguments("don't stop!", "dont stop"),
                arguments("a - b", "a b"),
                arguments("e-mail@example.com", "emailexamplecom"),
                arguments("__init__", "init"),
                arguments("(parens) [brackets] {braces}", "parens brackets braces"),
                arguments("Ünïcödé ÄÖÜ", "ünïcödé äöü"),
                arguments("¿qué? ¡sí!", "¿qué ¡sí"),
                arguments("100% #1 ~ok~", "100 1 ok"),
                arguments("ΟΔΟΣ", "οδος"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("table")
    void should_canonicalize_like_siglip2(String input, String expected) {
        assertThat(TextCanonicalizer.canonicalize(input)).isEqualTo(expected);
    }

    @Test
    void should_give_empty_string_when_only_punctuation_and_space() {
        assertThat(TextCanonicalizer.canonicalize(" !?._ ")).isEmpty();
        assertThat(TextCanonicalizer.canonicalize("")).isEmpty();
    }

    @Test
    void should_treat_no_break_spaces_as_whitespace_like_python() {
        assertThat(TextCanonicalizer.canonicalize("a\u00A0b\u202Fc\u2007d\u3000e\u0085f"))
                .isEqualTo("a b c d e f");
    }

    @Test
    void should_keep_zero_width_space_which_python_does_not_split_on() {
        assertThat(TextCanonicalizer.canonicalize("a\u200Bb")).isEqualTo("a\u200Bb");
    }

    /**
     * The reference definition (open_clip's canonicalize_text, quoted by RADIO's SigLIP2 tokenizer
     * wrapper), run by the Python interpreter on tricky inputs, must agree with the Java port.
     */
    @Test
    void should_agree_with_the_python_reference_definition() throws Exception {
        List<String> inputs = List.of(
                "Hello, World!",
                "snake_case_name",
                "ΣΊΣΥΦΟΣ final sigma",
                "İstanbul",
                "tabs\tand\u000Bvertical\u001Cfile sep",
                "x\u2028y\u2029z",
                "emoji 😀 stays",
                "quote \"double\" and `back`",
                "mixed_ _ _underscores",
                "ＦＵＬＬＷＩＤＴＨ！",
                "ß and ẞ");
        String script = """
                import string, sys, json
                def canonicalize_text(text):
                    text = text.replace("_", " ")
                    text = text.translate(str.maketrans("", "", string.punctuation))
                    text = text.lower()
                    text = " ".join(text.split())
                    return text.strip()
                for line in json.load(sys.stdin):
                    print(json.dumps(canonicalize_text(line)))
                """;
        Process python = new ProcessBuilder(pythonExecutable(), "-c", script)
                .redirectErrorStream(true)
                .start();
        python.getOutputStream().write(toJsonArray(inputs).getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        List<String> expected =
                out.lines().map(TextCanonicalizerTest::fromJsonString).toList();
        assertThat(inputs.stream().map(TextCanonicalizer::canonicalize).toList())
                .isEqualTo(expected);
    }

    static String pythonExecutable() {
        return System.getProperty("python.executable", "/usr/bin/python3");
    }

    private static String toJsonArray(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            v.codePoints().forEach(cp -> {
                if (cp == '"' || cp == '\\') {
                    b.append('\\').appendCodePoint(cp);
                } else if (cp < 0x20 || cp > 0x7E) {
                    for (char c : Character.toChars(cp)) {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                } else {
                    b.appendCodePoint(cp);
                }
            });
            b.append('"');
        }
        return b.append(']').toString();
    }

    private static String fromJsonString(String json) {
        // json.dumps escapes every non-ASCII char as \\uXXXX (ensure_ascii), so only those and the
        // two mandatory escapes need decoding here.
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                char n = json.charAt(++i);
                switch (n) {
                    case 'u' -> {
                        b.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
