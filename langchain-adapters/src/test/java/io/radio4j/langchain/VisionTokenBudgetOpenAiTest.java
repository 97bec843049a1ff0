package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.radio4j.core.testing.TestImages;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code OpenAiStreamingChatModel} against a local HTTP server speaking the OpenAI
 * streaming protocol, as vLLM does: the chosen token count must reach the JSON body next to the
 * model's own custom parameters, and the streamed answer must be timed and observed once.
 */
class VisionTokenBudgetOpenAiTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String chunk : List.of(
                        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"vlm\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A red\"},\"finish_reason\":null}]}",
                        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"vlm\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" square\"},\"finish_reason\":null}]}",
                        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"vlm\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                        "[DONE]")) {
                    out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void should_put_the_token_count_in_the_json_body_and_observe_the_streamed_answer() throws Exception {
        TokenBudgetController controller = TokenBudgetController.builder().build();
        List<BudgetDecision> observed = new CopyOnWriteArrayList<>();
        StreamingChatModel vlm = VisionTokenBudget.builder()
                .controller(controller)
                .ttftTargetMs(500)
                .onTtft((d, t) -> observed.add(d))
                .build()
                .wrap(OpenAiStreamingChatModel.builder()
                        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                        .apiKey("none")
                        .modelName("vlm")
                        .customParameters(Map.of("priority", 3))
                        .timeout(Duration.ofSeconds(10))
                        .build());
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        ImageContent image = ImageContent.from(TestImages.base64(TestImages.blocks(32, 32, 1)), "image/png");
        vlm.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from(TextContent.from("What is this?"), image, image))
                        .build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        done.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });

        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("A red square");
        assertThat(observed).hasSize(1);
        assertThat(controller.state().observations()).isEqualTo(1);
        BudgetDecision decision = observed.getFirst();
        assertThat(decision.tokensPerImage()).hasSize(2);
        String body = bodies.getFirst().replaceAll("\\s", ""); // the client pretty-prints
        String expectedCount = decision.tokensPerImage().stream().distinct().count() == 1
                ? String.valueOf(decision.tokensPerImage().getFirst())
                : decision.tokensPerImage().toString().replace(" ", "");
        assertThat(body).contains("\"mm_processor_kwargs\":{\"num_tokens\":" + expectedCount + "}");
        assertThat(body).contains("\"priority\":3");
        assertThat(body).contains("\"model\":\"vlm\"");
    }
}
