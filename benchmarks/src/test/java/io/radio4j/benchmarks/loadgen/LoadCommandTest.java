package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.radio4j.benchmarks.gpu.SampleJpegs;
import io.radio4j.benchmarks.suite.BenchCli;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void should_sweep_the_embedded_kserve_server_and_write_csv_and_png() throws Exception {
        Path csv = dir.resolve("embedded.csv");
        Path png = dir.resolve("embedded.png");

        Run run = run(
                "load",
                "--embedded",
                "--model",
                "radio_clip_vision",
                "--batch",
                "2",
                "--concurrency-range",
                "1:2",
                "--requests-per-level",
                "8",
                "--warmup-requests",
                "2",
                "--csv",
                csv.toString(),
                "--plot",
                png.toString(),
                "--no-progress");

        assertThat(run.code()).as(run.err()).isZero();
        List<PerfCsv.Row> rows = PerfCsv.read(csv);
        assertThat(rows).extracting(PerfCsv.Row::level).containsExactlyInAnyOrder(1.0, 2.0);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.errors()).isZero();
            assertThat(row.inferencesPerSecond()).isPositive();
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(ThroughputLatencyPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ThroughputLatencyPlot.HEIGHT);
    }

    @Test
    void should_send_input_data_entries_from_the_generator_to_a_variable_shape_model() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("a.jpg"), SampleJpegs.jpeg(64, 48, 1));
        Files.write(images.resolve("b.jpg"), SampleJpegs.jpeg(48, 64, 2));
        Path data = dir.resolve("c_radio.json");
        assertThat(run(
                                "input-data",
                                "--model",
                                "c_radio_v4_h",
                                "--images",
                                images.toString(),
                                "--size",
                                "32",
                                "--out",
                                data.toString())
                        .code())
                .isZero();
        Path csv = dir.resolve("c_radio.csv");

        Run run = run(
                "load",
                "--embedded",
                "--model",
                "c_radio_v4_h",
                "--input-data",
                data.toString(),
                "--batch",
                "3",
                "--concurrency-range",
                "2",
                "--requests-per-level",
                "4",
                "--warmup-requests",
                "0",
                "--csv",
                csv.toString(),
                "--no-progress");

        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(PerfCsv.read(csv))
                .singleElement()
                .satisfies(row -> assertThat(row.errors()).isZero());
    }

    @Test
    void should_feed_radio1d_its_images_and_token_count_from_the_generator() throws Exception {
        Path images = Files.createDirectories(dir.resolve("r1d"));
        Files.write(images.resolve("a.jpg"), SampleJpegs.jpeg(100, 70, 4));
        Path data = dir.resolve("radio1d.json");
        assertThat(run(
                                "input-data",
                                "--model",
                                "radio1d_h",
                                "--images",
                                images.toString(),
                                "--size",
                                "64",
                                "--num-tokens",
                                "4",
                                "--out",
                                data.toString())
                        .code())
                .isZero();
        Path csv = dir.resolve("radio1d.csv");

        Run run = run(
                "load",
                "--embedded",
                "--model",
                "radio1d_h",
                "--input-data",
                data.toString(),
                "--batch",
                "2",
                "--request-rate-range",
                "20",
                "--requests-per-level",
                "3",
                "--warmup-requests",
                "0",
                "--csv",
                csv.toString(),
                "--no-progress");

        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(PerfCsv.read(csv))
                .singleElement()
                .satisfies(row -> assertThat(row.errors()).isZero());
    }

    @Test
    void should_report_server_rejections_as_errors_not_crashes() throws Exception {
        Path csv = dir.resolve("bad-shape.csv");

        Run run = run(
                "load",
                "--embedded",
                "--model",
                "c_radio_v4_h",
                "--shape",
                "image:32,32,4",
                "--concurrency-range",
                "1",
                "--requests-per-level",
                "3",
                "--warmup-requests",
                "0",
                "--csv",
                csv.toString(),
                "--no-progress");

        // Four channels break the model's [-1, -1, 3] contract: every request fails, none hangs.
        assertThat(run.code()).isEqualTo(1);
        assertThat(PerfCsv.read(csv))
                .singleElement()
                .satisfies(row -> assertThat(row.errors()).isEqualTo(3));
        assertThat(run.out()).contains("first:");
    }

    @Test
    void should_post_an_embeddings_body_to_a_rest_endpoint() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/v1/embeddings", exchange -> {
            calls.incrementAndGet();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"object\":\"list\",\"data\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(calls.get() % 5 == 0 ? 503 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.start();
        try {
            Path image = dir.resolve("cat.jpg");
            Files.write(image, SampleJpegs.jpeg(16, 16, 3));
            Path csv = dir.resolve("rest.csv");

            Run run = run(
                    "load",
                    "--rest",
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/v1/embeddings",
                    "--model",
                    "radio_clip",
                    "--image",
                    image.toString(),
                    "--inputs-per-request",
                    "2",
                    "--request-rate-range",
                    "50",
                    "--requests-per-level",
                    "10",
                    "--warmup-requests",
                    "0",
                    "--csv",
                    csv.toString(),
                    "--no-progress");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(calls).hasValue(10);
            JsonNode body = new ObjectMapper().readTree(bodies.get(0));
            assertThat(body.get("model").asText()).isEqualTo("radio_clip");
            assertThat(body.get("input")).hasSize(2);
            assertThat(body.get("input").get(0).asText()).startsWith("data:image/jpeg;base64,/9j/");
            assertThat(PerfCsv.read(csv))
                    .singleElement()
                    .satisfies(row -> assertThat(row.errors()).isEqualTo(2));
            assertThat(run.out()).contains("HTTP 503");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void should_refuse_files_over_the_size_limit() throws Exception {
        Path image = dir.resolve("big.jpg");
        Files.write(image, SampleJpegs.jpeg(64, 64, 1));
        Run run = run(
                "load",
                "--rest",
                "http://127.0.0.1:9/v1/embeddings",
                "--image",
                image.toString(),
                "--max-file-bytes",
                "100",
                "--csv",
                dir.resolve("x.csv").toString(),
                "--no-progress");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("more than --max-file-bytes 100");
    }

    @Test
    void should_load_an_embedded_repository_folder_when_given() throws Exception {
        Path repository =
                Path.of("..", "triton-model-repo", "tiny").toAbsolutePath().normalize();
        Path csv = dir.resolve("folder.csv");
        Run run = run(
                "load",
                "--embedded",
                "--embedded-repository",
                repository.toString(),
                "--model",
                "radio_clip_text",
                "--concurrency-range",
                "1",
                "--requests-per-level",
                "4",
                "--warmup-requests",
                "1",
                "--csv",
                csv.toString(),
                "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(PerfCsv.read(csv))
                .singleElement()
                .satisfies(row -> assertThat(row.errors()).isZero());

        Run missing = run(
                "load",
                "--embedded",
                "--embedded-repository",
                dir.resolve("missing").toString(),
                "--model",
                "radio_clip_text",
                "--csv",
                csv.toString(),
                "--no-progress");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("not a directory");
        Run withoutEmbedded = run(
                "load",
                "--kserve",
                "127.0.0.1:9",
                "--embedded-repository",
                repository.toString(),
                "--model",
                "m",
                "--csv",
                csv.toString(),
                "--no-progress");
        assertThat(withoutEmbedded.code()).isEqualTo(2);
        assertThat(withoutEmbedded.err()).contains("--embedded-repository needs --embedded");
    }

    @Test
    void should_refuse_bad_arguments_with_exit_code_2() {
        Run noTarget = run("load", "--model", "m", "--csv", dir.resolve("x.csv").toString());
        Run both = run(
                "load",
                "--embedded",
                "--model",
                "radio_clip_vision",
                "--concurrency-range",
                "1",
                "--request-rate-range",
                "5",
                "--csv",
                dir.resolve("x.csv").toString());
        Run fraction = run(
                "load",
                "--embedded",
                "--model",
                "radio_clip_vision",
                "--concurrency-range",
                "1.5",
                "--csv",
                dir.resolve("x.csv").toString());
        Run unknownModel = run(
                "load",
                "--embedded",
                "--model",
                "nope",
                "--csv",
                dir.resolve("x.csv").toString(),
                "--no-progress");

        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        assertThat(fraction.err()).contains("whole numbers");
        Run tooMany = run(
                "load",
                "--embedded",
                "--model",
                "radio_clip_vision",
                "--concurrency-range",
                "1:64:63",
                "--max-concurrency",
                "32",
                "--csv",
                dir.resolve("x.csv").toString());
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("concurrency 64 exceeds --max-concurrency 32");
        assertThat(unknownModel.code()).isEqualTo(1);
        assertThat(unknownModel.err()).contains("nope").doesNotContain("\tat ");
        Run bigBody = run(
                "load",
                "--rest",
                "http://127.0.0.1:9/v1/embeddings",
                "--text",
                "x",
                "--body",
                "a.json",
                "--csv",
                dir.resolve("x.csv").toString());
        assertThat(bigBody.err()).contains("exactly one of --body, --image, --text");
    }
}
