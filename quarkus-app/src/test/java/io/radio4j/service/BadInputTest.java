package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.testing.TestImages;
import io.radio4j.service.openai.OpenAiErrors;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: each client mistake gets its 4xx as application/problem+json whose detail
 * names the problem, never a 500 and never a stack trace.
 */
@QuarkusTest
class BadInputTest {

    private static Arguments row(
            String name, int status, String detailPart, Function<RequestSpecification, Response> call) {
        return Arguments.of(name, status, detailPart, call);
    }

    /** A call that knows its path, so the expected error shape (OpenAI's or RFC 9457) follows from the route. */
    private record At(String path, Function<RequestSpecification, Response> call)
            implements Function<RequestSpecification, Response> {
        @Override
        public Response apply(RequestSpecification r) {
            return call.apply(r);
        }
    }

    private static Function<RequestSpecification, Response> at(
            String path, Function<RequestSpecification, Response> call) {
        return new At(path, call);
    }

    private static Function<RequestSpecification, Response> json(String path, Object body) {
        return at(path, r -> r.contentType(ContentType.JSON).body(body).post(path));
    }

    private static Function<RequestSpecification, Response> raw(String path, String body) {
        return at(path, r -> r.contentType(ContentType.JSON).body(body).post(path));
    }

    private static Function<RequestSpecification, Response> upload(String path, byte[] file, String... fields) {
        return at(path, r -> {
            RequestSpecification s = r.multiPart("file", "f.png", file, "image/png");
            for (int i = 0; i < fields.length; i += 2) {
                s = s.multiPart(fields[i], fields[i + 1]);
            }
            return s.post(path);
        });
    }

    /** A valid PNG whose header claims 100000 x 100000 pixels (CRC fixed), caught before decoding. */
    static byte[] pixelBomb() {
        byte[] png = TestImages.squareOnGradient(8, 8);
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 100_000).putInt(20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    static Stream<Arguments> table() {
        byte[] png = TestImages.squareOnGradient(32, 32);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        byte[] notAnImage = "hello, this is text".getBytes();
        return Stream.of(
                row(
                        "malformed JSON",
                        400,
                        "",
                        at(
                                "/v1/embeddings",
                                r -> r.contentType(ContentType.JSON)
                                        .body("{\"input\": [")
                                        .post("/v1/embeddings"))),
                row("no input", 400, "'input' is required", json("/v1/embeddings", Map.of("model", "radio_clip"))),
                row("empty input list", 400, "no inputs", json("/v1/embeddings", Map.of("input", List.of()))),
                row("blank text", 422, "input[0] is empty", json("/v1/embeddings", Map.of("input", List.of(" ")))),
                row(
                        "unknown model",
                        422,
                        "unknown model 'gpt-9'",
                        json("/v1/embeddings", Map.of("model", "gpt-9", "input", "x"))),
                row(
                        "bad encoding_format",
                        422,
                        "encoding_format",
                        json("/v1/embeddings", Map.of("input", "x", "encoding_format", "hex"))),
                row(
                        "text for an image-only model",
                        422,
                        "embeds images only",
                        json("/v1/embeddings", Map.of("model", "c_radio_v4_h", "input", "a cat"))),
                row(
                        "data URL that is not base64",
                        400,
                        "not valid base64",
                        json("/v1/embeddings", Map.of("input", "data:image/png;base64,@@@@"))),
                row(
                        "data URL of another type",
                        415,
                        "text/plain",
                        json("/v1/embeddings", Map.of("input", "data:text/plain;base64,aGVsbG8="))),
                row(
                        "data URL of non-image bytes",
                        415,
                        "UNSUPPORTED_FORMAT",
                        json("/v1/embeddings", Map.of("input", "data:image/png;base64,aGVsbG8sIHdvcmxkIQ=="))),
                row(
                        "truncated image",
                        422,
                        "TRUNCATED",
                        json("/v1/embeddings", Map.of("input", TestImages.dataUrl(truncated)))),
                row(
                        "pixel bomb",
                        413,
                        "TOO_MANY_PIXELS",
                        json("/v1/embeddings", Map.of("input", TestImages.dataUrl(pixelBomb())))),
                row(
                        "remote URL while disabled",
                        403,
                        "remote-images.enabled",
                        json("/v1/embeddings", Map.of("input", "http://example.com/cat.jpg"))),
                row(
                        "text too long",
                        422,
                        "radio4j.limits.max-text-chars = 2048",
                        json("/v1/embeddings", Map.of("input", "word ".repeat(1000)))),
                row(
                        "input a number (token id)",
                        400,
                        "token-id input is not supported",
                        raw("/v1/embeddings", "{\"input\": 42}")),
                row(
                        "input a list of numbers (token ids)",
                        400,
                        "token-id input is not supported",
                        raw("/v1/embeddings", "{\"input\": [1, 2, 3]}")),
                row("input an overflowing number", 400, "got a number", raw("/v1/embeddings", "{\"input\": 1e999999}")),
                row("input an object", 400, "got an object", raw("/v1/embeddings", "{\"input\": {\"a\": 1}}")),
                row(
                        "model an object",
                        400,
                        "a string",
                        raw("/v1/embeddings", "{\"model\": {\"a\": 1}, \"input\": \"x\"}")),
                row(
                        "unterminated multipart",
                        400,
                        "could not be read",
                        r -> r.contentType("multipart/form-data; boundary=b")
                                .body(("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                                                + "Content-Type: image/png\r\n\r\nabc")
                                        .getBytes())
                                .post("/v1/images/embeddings")),
                row(
                        "wrong content type",
                        415,
                        "",
                        at(
                                "/v1/embeddings",
                                r -> r.contentType(ContentType.TEXT)
                                        .body("hello")
                                        .post("/v1/embeddings"))),
                row("wrong method", 405, "", at("/v1/embeddings", r -> r.get("/v1/embeddings"))),
                row("unknown path", 404, "", r -> r.get("/v1/nothing-here")),
                row(
                        "multipart without a file",
                        400,
                        "no files",
                        r -> r.multiPart("model", "c_radio_v4_h").post("/v1/images/embeddings")),
                row(
                        "upload that is not an image",
                        415,
                        "UNSUPPORTED_FORMAT",
                        upload("/v1/images/embeddings", notAnImage)),
                row(
                        "resolution not a multiple of 16",
                        422,
                        "multiples of 16",
                        upload("/v1/images/embeddings", png, "resolution", "100")),
                row("resolution too large", 422, "2048", upload("/v1/images/features", png, "resolution", "4096")),
                row(
                        "resolution not a number",
                        422,
                        "whole numbers",
                        upload("/v1/images/features", png, "resolution", "big")),
                row(
                        "unknown resize mode",
                        422,
                        "resize_mode",
                        upload("/v1/images/embeddings", png, "resize_mode", "zoom")),
                row(
                        "unknown image model",
                        422,
                        "unknown model",
                        upload("/v1/images/features", png, "model", "radio1d_h")),
                row(
                        "visualize not a boolean",
                        422,
                        "visualize",
                        upload("/v1/images/features", png, "visualize", "maybe")),
                row(
                        "two files for features",
                        422,
                        "one image per request",
                        r -> r.multiPart("file", "a.png", png, "image/png")
                                .multiPart("file", "b.png", png, "image/png")
                                .post("/v1/images/features")),
                row("neither num_tokens nor target", 422, "exactly one of", upload("/v1/radio1d/tokens", png)),
                row(
                        "both num_tokens and target",
                        422,
                        "exactly one of",
                        upload("/v1/radio1d/tokens", png, "num_tokens", "4", "ttft_target_ms", "100")),
                row("num_tokens zero", 422, "0", upload("/v1/radio1d/tokens", png, "num_tokens", "0")),
                row(
                        "num_tokens over the maximum",
                        422,
                        "100000",
                        upload("/v1/radio1d/tokens", png, "num_tokens", "100000")),
                row(
                        "num_tokens not a number",
                        422,
                        "whole number",
                        upload("/v1/radio1d/tokens", png, "num_tokens", "many")),
                row(
                        "token budget without target",
                        400,
                        "ttft_target_ms",
                        json("/v1/token-budget", Map.of("images", 1))),
                row(
                        "token budget quantile out of range",
                        422,
                        "quantile",
                        json("/v1/token-budget", Map.of("ttft_target_ms", 100, "quantile", 2))),
                row(
                        "token budget negative target",
                        422,
                        "ttftTargetMs",
                        json("/v1/token-budget", Map.of("ttft_target_ms", -5))),
                row(
                        "observation without TTFT",
                        400,
                        "measured_ttft_ms",
                        json(
                                "/v1/token-budget/observations",
                                Map.of(
                                        "decision",
                                        Map.of(
                                                "tokensPerImage",
                                                List.of(8),
                                                "imageClasses",
                                                List.of("default"),
                                                "reason",
                                                "LOAD_LEVEL")))),
                row(
                        "observation with an empty decision",
                        422,
                        "decision needs",
                        json("/v1/token-budget/observations", Map.of("decision", Map.of(), "measured_ttft_ms", 5))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void should_answer_a_problem_naming_the_mistake(
            String name, int status, String detailPart, Function<RequestSpecification, Response> call) {
        Response response = call.apply(given());
        // The OpenAI-shaped routes answer application/json with OpenAI's error object, and keep the problem fields.
        boolean openAi = call instanceof At a && OpenAiErrors.isOpenAiRoute(a.path());
        if (openAi) {
            response.then()
                    .log()
                    .ifValidationFails()
                    .body("error.message", containsString(detailPart))
                    .body("error.type", not(equalTo(null)));
        }
        response.then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .contentType(openAi ? "application/json" : "application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body("detail", containsString(detailPart))
                .body(not(containsString("\tat ")))
                .body(not(containsString("Exception")))
                .body(not(containsString("java.")));
        assertEquals(status, response.statusCode(), name);
    }
}
