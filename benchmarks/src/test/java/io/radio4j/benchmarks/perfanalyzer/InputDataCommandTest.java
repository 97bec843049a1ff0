package io.radio4j.benchmarks.perfanalyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.benchmarks.loadgen.PerfCsv;
import io.radio4j.benchmarks.suite.BenchCli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputDataCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path tinyTokenizer() throws Exception {
        Path file = dir.resolve("tokenizer.json");
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("radio4j/tiny/radio_clip_text/tokenizer.json")) {
            assertThat(in).as("tiny tokenizer on the classpath").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void should_tokenize_texts_into_64_ids_with_eos_and_padding_and_feed_the_text_tower() throws Exception {
        Path texts = Files.writeString(dir.resolve("texts.txt"), "A photo of a cat.\n\nTwo dogs_playing\n");
        Path data = dir.resolve("text.json");

        Run run = run(
                "input-data",
                "--model",
                "radio_clip_text",
                "--texts",
                texts.toString(),
                "--tokenizer",
                tinyTokenizer().toString(),
                "--out",
                data.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 entries for radio_clip_text");
        JsonNode entries = new ObjectMapper().readTree(data.toFile()).get("data");
        assertThat(entries).hasSize(2);
        for (JsonNode entry : entries) {
            ByteBuffer ids = ByteBuffer.wrap(Base64.getDecoder()
                            .decode(entry.get("input_ids")
                                    .get("content")
                                    .get("b64")
                                    .asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertThat(ids.remaining()).isEqualTo(64 * Long.BYTES);
            long[] row = new long[64];
            ids.asLongBuffer().get(row);
            int eos = -1;
            for (int i = 0; i < row.length; i++) {
                if (row[i] == 1) {
                    eos = i;
                    break;
                }
            }
            assertThat(eos).as("EOS position").isPositive();
            for (int i = eos + 1; i < row.length; i++) {
                assertThat(row[i]).as("pad after EOS").isZero();
            }
        }

        Path csv = dir.resolve("text.csv");
        Run load = run(
                "load",
                "--embedded",
                "--model",
                "radio_clip_text",
                "--input-data",
                data.toString(),
                "--batch",
                "4",
                "--concurrency-range",
                "1",
                "--requests-per-level",
                "4",
                "--warmup-requests",
                "0",
                "--csv",
                csv.toString(),
                "--no-progress");
        assertThat(load.code()).as(load.err() + load.out()).isZero();
        assertThat(PerfCsv.read(csv))
                .singleElement()
                .satisfies(row -> assertThat(row.errors()).isZero());
    }

    @Test
    void should_refuse_what_breaks_a_limit_or_a_contract_with_exit_code_2() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("big.jpg"), SampleJpegs.jpeg(64, 64, 1));
        Files.write(images.resolve("b.jpg"), SampleJpegs.jpeg(64, 64, 2));
        Path out = dir.resolve("x.json");

        Run tooBig = run(
                "input-data",
                "--model",
                "radio_clip_vision",
                "--images",
                images.toString(),
                "--max-image-bytes",
                "100",
                "--out",
                out.toString());
        Run tooMany = run(
                "input-data",
                "--model",
                "radio_clip_vision",
                "--images",
                images.toString(),
                "--max-entries",
                "1",
                "--out",
                out.toString());
        Run unknown = run("input-data", "--model", "resnet50", "--images", images.toString(), "--out", out.toString());
        Run noTexts = run("input-data", "--model", "radio_clip_text", "--out", out.toString());
        Run badSnap = run(
                "input-data",
                "--model",
                "c_radio_v4_h",
                "--images",
                images.toString(),
                "--resize",
                "SNAP16",
                "--size",
                "100",
                "--out",
                out.toString());
        Files.writeString(images.resolve("broken.jpg"), "not a jpeg");
        Run broken = run(
                "input-data", "--model", "radio_clip_vision", "--images", images.toString(), "--out", out.toString());

        assertThat(tooBig.code()).isEqualTo(2);
        assertThat(tooBig.err()).contains("--max-image-bytes 100");
        assertThat(tooMany.err()).contains("--max-entries 1");
        assertThat(unknown.err()).contains("unknown model 'resnet50'", "radio_clip_vision");
        assertThat(noTexts.err()).contains("--texts and --tokenizer");
        assertThat(badSnap.err()).contains("multiple of 16");
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("ImageException").doesNotContain("\tat ");
    }
}
