package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.radio4j.core.testing.TestImages;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image RAG end to end, as a user would wire it: photos ingested with RADIO-CLIP (tiny embedded
 * models), a question retrieves images, {@link ImageContentInjector} attaches them to the user
 * message, {@link VisionTokenBudget} chooses RADIO1D token counts, and the answer streams back
 * from an OpenAI-compatible vision server. The server is a stand-in on loopback that records each
 * request and answers how many images it received.
 */
class ImageRagEndToEndTest {

    private static final Pattern IMAGE_URL =
            Pattern.compile("\"url\"\\s*:\\s*\"data:(image/[a-z]+);base64,([A-Za-z0-9+/=]+)\"");

    private HttpServer vlm;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStandInVlm() throws IOException {
        vlm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        vlm.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            long images = IMAGE_URL.matcher(body).results().count();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : List.of("I see ", images + " images", ".")) {
                    out.write(
                            ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"vlm\","
                                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
                                            + "\"},\"finish_reason\":null}]}\n\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"vlm\","
                                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        vlm.start();
    }

    @AfterEach
    void stop() {
        vlm.stop(0);
    }

    @Test
    void should_retrieve_images_budget_their_tokens_and_stream_the_vlm_answer(@TempDir Path photos) throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.write(photos.resolve("photo" + i + ".png"), TestImages.blocks(64 + 8 * i, 48, i));
        }
        String question = "Which photo shows a red square?";
        try (RadioClipEmbeddingModel clip =
                RadioClipEmbeddingModel.builder().embeddedTinyRepository().build()) {
            // 1. Index the photos.
            EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
            ImageIngestor.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .build()
                    .ingestFolder(photos);
            ImageSearch search = ImageSearch.builder()
                    .embeddingModel(clip)
                    .embeddingStore(store)
                    .maxResults(3)
                    .build();

            // 2. A vision model behind an OpenAI-compatible server, with RADIO1D token budgets.
            TokenBudgetController controller = TokenBudgetController.builder().build();
            List<BudgetDecision> decisions = new CopyOnWriteArrayList<>();
            StreamingChatModel visionModel = VisionTokenBudget.builder()
                    .controller(controller)
                    .ttftTargetMs(500)
                    .onTtft((decision, ttft) -> decisions.add(decision))
                    .build()
                    .wrap(OpenAiStreamingChatModel.builder()
                            .baseUrl("http://127.0.0.1:" + vlm.getAddress().getPort() + "/v1")
                            .apiKey("none")
                            .modelName("vlm")
                            .timeout(Duration.ofSeconds(10))
                            .build());

            // 3. Retrieve images for the question and attach them to the user message.
            ContentRetriever retriever = search.contentRetriever();
            ContentInjector injector = ImageContentInjector.builder().build();
            ChatMessage message = injector.inject(retriever.retrieve(Query.from(question)), UserMessage.from(question));

            // 4. Stream the answer; the budget chooses the RADIO1D tokens on the way out.
            StringBuilder streamed = new StringBuilder();
            List<String> partials = new CopyOnWriteArrayList<>();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            visionModel.chat(ChatRequest.builder().messages(message).build(), new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {
                    partials.add(partial);
                    streamed.append(partial);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            ChatResponse response = done.get(20, TimeUnit.SECONDS);

            // The answer streamed in pieces, and the server saw the three best images.
            assertThat(partials).hasSizeGreaterThan(1);
            assertThat(streamed.toString())
                    .isEqualTo("I see 3 images.")
                    .isEqualTo(response.aiMessage().text());
            String body = bodies.getFirst();
            List<ImageMatch> best = search.byText(question);
            Matcher m = IMAGE_URL.matcher(body);
            for (ImageMatch match : best) {
                assertThat(m.find()).as("image %s attached", match.reference()).isTrue();
                assertThat(m.group(1)).isEqualTo("image/png");
                assertThat(Base64.getDecoder().decode(m.group(2)))
                        .isEqualTo(Files.readAllBytes(Path.of(match.reference())));
            }
            assertThat(m.find()).as("no more images than retrieved").isFalse();
            // The text names the images by file name and size, and never shows the local folder.
            String fileName = Path.of(best.getFirst().reference()).getFileName().toString();
            assertThat(body)
                    .contains(question)
                    .contains("image \\\"" + fileName + "\\\" (")
                    .doesNotContain(photos.toString());
            // The budget chose a token count per image and sent it; the TTFT was fed back.
            assertThat(decisions).hasSize(1);
            assertThat(decisions.getFirst().tokensPerImage()).hasSize(3);
            assertThat(body.replaceAll("\\s", "")).contains("\"mm_processor_kwargs\":{\"num_tokens\":");
            assertThat(controller.state().observations()).isEqualTo(1);
        }
    }
}
