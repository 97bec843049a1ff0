package io.radio4j.service.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK (npm package {@code openai}, pinned in {@code src/test/node}) against
 * the running service, run by the machine's {@code node}. The package is installed by
 * {@code scripts/install-node-packages.sh} (called by {@code ./test.sh}); when it is missing this
 * test runs {@code npm ci} itself. The assertions are on what the SDK surfaces: its error messages
 * must carry radio4j's words, not "status code (no body)".
 */
@QuarkusTest
class OpenAiNodeSdkTest {

    private static final Path DIR = Path.of("src/test/node");

    @TestHTTPResource("/v1")
    URL v1;

    @Test
    void should_work_with_the_official_openai_node_sdk() throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules/openai"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        String out = run(List.of("node", "sdk-check.mjs"), 120);
        JsonNode r = new ObjectMapper().readTree(out);

        JsonNode embedding = r.path("embedding").path("ok");
        assertThat(embedding.path("dimension").asInt()).as(out).isGreaterThan(0);
        assertThat(embedding.path("usage").path("prompt_tokens").asInt()).isGreaterThan(0);

        JsonNode dimensions = r.path("dimensions").path("error");
        assertThat(dimensions.path("status").asInt()).as(out).isEqualTo(400);
        assertThat(dimensions.path("kind").asText()).isEqualTo("BadRequestError");
        assertThat(dimensions.path("message").asText()).startsWith("400 ").contains("dimensions=7 is not supported");
        assertThat(dimensions.path("param").asText()).isEqualTo("dimensions");
        assertThat(dimensions.path("type").asText()).isEqualTo("invalid_request_error");

        JsonNode tokenIds = r.path("tokenIds").path("error");
        assertThat(tokenIds.path("status").asInt()).as(out).isEqualTo(400);
        assertThat(tokenIds.path("message").asText()).contains("token-id input is not supported");

        JsonNode unknown = r.path("unknownModel").path("error");
        assertThat(unknown.path("message").asText()).as(out).contains("unknown model 'text-embedding-3-small'");
        assertThat(unknown.path("code").asText()).isEqualTo("model_not_found");

        JsonNode models = r.path("models").path("ok");
        assertThat(models.findValuesAsText("id")).as(out).contains("radio_clip", "nvidia/nvclip");
        assertThat(models.findValues("created"))
                .allSatisfy(c -> assertThat(c.asLong()).isPositive());
        assertThat(r.path("retrieve").path("ok").path("id").asText()).isEqualTo("radio_clip");
        JsonNode missing = r.path("retrieveMissing").path("error");
        assertThat(missing.path("kind").asText()).as(out).isEqualTo("NotFoundError");
        assertThat(missing.path("message").asText()).contains("'gpt-4o' does not exist here");
    }

    @Test
    void should_run_the_readme_example_as_written() throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules/openai"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        String readme = Files.readString(Path.of("README.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile(
                        "```js\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("a js block in quarkus-app/README.md").isTrue();
        String example = block.group(1);
        assertThat(example).contains("'http://localhost:8080/v1'");
        Path script = DIR.resolve("readme-example.mjs");
        Files.writeString(script, example.replace("'http://localhost:8080/v1'", "process.env.RADIO4J_URL"));
        try {
            List<String> lines = run(List.of("node", script.getFileName().toString()), 120)
                    .lines()
                    .toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("2 \\d+ \\d+");
            assertThat(lines.get(1)).startsWith("400 400 dimensions=256 is not supported: radio_clip embeddings have ");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private String run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("radio4j-node", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(log.toFile());
        pb.environment().put("RADIO4J_URL", v1.toString());
        Process p = pb.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String err = Files.readString(log);
        Files.deleteIfExists(log);
        assertThat(done && p.exitValue() == 0).as("%s failed: %s", command, err).isTrue();
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
