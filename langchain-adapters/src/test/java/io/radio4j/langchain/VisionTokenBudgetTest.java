package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.radio4j.core.testing.TestImages;
import io.radio4j.langchain.ScriptedStreamingModel.Advance;
import io.radio4j.langchain.ScriptedStreamingModel.Complete;
import io.radio4j.langchain.ScriptedStreamingModel.Fail;
import io.radio4j.langchain.ScriptedStreamingModel.Partial;
import io.radio4j.langchain.ScriptedStreamingModel.Thinking;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.DecisionReason;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token-budget wrapper against a fake streaming VLM whose delays are scripted on a fake clock
 * shared with the controller: every TTFT is exact, nothing depends on wall-clock speed.
 */
class VisionTokenBudgetTest {

    private static final ImageContent IMAGE =
            ImageContent.from(TestImages.base64(TestImages.blocks(32, 32, 1)), "image/png");

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<Map.Entry<BudgetDecision, Duration>> ttfts = new CopyOnWriteArrayList<>();
    private ScriptedStreamingModel server;
    private TokenBudgetController controller;
    private StreamingChatModel vlm;

    @BeforeEach
    void setUp() {
        server = new ScriptedStreamingModel(
                clock, Map.of("mm_processor_kwargs", Map.of("max_num_tiles", 4), "priority", 1));
        controller = TokenBudgetController.builder().clock(clock::get).build();
        vlm = VisionTokenBudget.builder()
                .controller(controller)
                .ttftTargetMs(500)
                .clock(clock::get)
                .onTtft((d, t) -> ttfts.add(Map.entry(d, t)))
                .build()
                .wrap(server);
    }

    /** Collects a stream's events; {@link #done} completes on completion or error. */
    private static final class Collector implements StreamingChatResponseHandler {
        final List<String> events = new ArrayList<>();
        final CompletableFuture<Object> done = new CompletableFuture<>();

        @Override
        public synchronized void onPartialResponse(String partialResponse) {
            events.add("partial:" + partialResponse);
        }

        @Override
        public synchronized void onPartialThinking(PartialThinking partialThinking) {
            events.add("thinking:" + partialThinking.text());
        }

        @Override
        public synchronized void onCompleteResponse(ChatResponse response) {
            events.add("complete:" + response.aiMessage().text());
            done.complete(response);
        }

        @Override
        public synchronized void onError(Throwable error) {
            events.add("error:" + error.getClass().getSimpleName());
            done.complete(error);
        }

        Object await() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }
    }

    private static ChatRequest visionRequest(int images) {
        List<dev.langchain4j.data.message.Content> contents = new ArrayList<>();
        contents.add(TextContent.from("Describe these pictures in detail."));
        for (int i = 0; i < images; i++) {
            contents.add(IMAGE);
        }
        return ChatRequest.builder().messages(UserMessage.from(contents)).build();
    }

    @Test
    void should_measure_ttft_at_the_first_partial_response_and_feed_the_controller() throws Exception {
        server.script(new Advance(180), new Partial("Two"), new Advance(50), new Partial(" cats"), new Complete(""));
        Collector out = new Collector();
        vlm.chat(visionRequest(2), out);
        out.await();

        assertThat(out.events).containsExactly("partial:Two", "partial: cats", "complete:Two cats");
        assertThat(ttfts)
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo(Duration.ofMillis(180)));
        assertThat(controller.state().observations()).isEqualTo(1);
        assertThat(controller.state().decisions()).isEqualTo(1);
    }

    @Test
    void should_send_the_chosen_tokens_as_custom_parameters_merged_with_the_model_defaults() throws Exception {
        server.script(new Advance(100), new Partial("ok"), new Complete(""));
        Collector out = new Collector();
        vlm.chat(visionRequest(3), out);
        out.await();

        BudgetDecision decision =
                (BudgetDecision) server.listenerAttributes.getFirst().get(VisionTokenBudget.DECISION_ATTRIBUTE);
        assertThat(decision.tokensPerImage()).hasSize(3);
        OpenAiChatRequestParameters sent =
                (OpenAiChatRequestParameters) server.received.getFirst().parameters();
        Object expected = decision.tokensPerImage().stream().distinct().count() == 1
                ? decision.tokensPerImage().getFirst()
                : decision.tokensPerImage();
        assertThat(sent.customParameters())
                .containsEntry("priority", 1)
                .containsEntry("mm_processor_kwargs", Map.of("max_num_tiles", 4, "num_tokens", expected));
        assertThat(sent.modelName()).isEqualTo("vlm");
    }

    @Test
    void should_pass_text_only_requests_through_untouched() throws Exception {
        server.script(new Advance(100), new Partial("hi"), new Complete(""));
        Collector out = new Collector();
        vlm.chat(ChatRequest.builder().messages(UserMessage.from("hello")).build(), out);
        out.await();

        OpenAiChatRequestParameters sent =
                (OpenAiChatRequestParameters) server.received.getFirst().parameters();
        assertThat(sent.customParameters())
                .isEqualTo(Map.of("mm_processor_kwargs", Map.of("max_num_tiles", 4), "priority", 1));
        assertThat(ttfts).isEmpty();
        assertThat(controller.state().decisions()).isZero();
        assertThat(server.listenerAttributes.getFirst()).doesNotContainKey(VisionTokenBudget.DECISION_ATTRIBUTE);
    }

    @Test
    void should_count_thinking_as_the_first_token() throws Exception {
        server.script(new Advance(70), new Thinking("hmm"), new Advance(400), new Partial("A cat"), new Complete(""));
        Collector out = new Collector();
        vlm.chat(visionRequest(1), out);
        out.await();

        assertThat(out.events).startsWith("thinking:hmm", "partial:A cat");
        assertThat(ttfts)
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo(Duration.ofMillis(70)));
    }

    @Test
    void should_use_completion_time_when_nothing_was_streamed_and_skip_failed_requests() throws Exception {
        server.script(new Advance(250), new Complete("all at once"));
        Collector whole = new Collector();
        vlm.chat(visionRequest(1), whole);
        whole.await();
        assertThat(ttfts)
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo(Duration.ofMillis(250)));

        server.script(new Advance(30), new Fail("server closed the stream"));
        Collector failed = new Collector();
        vlm.chat(visionRequest(1), failed);
        assertThat(failed.await()).isInstanceOf(RuntimeException.class);
        assertThat(failed.events).containsExactly("error:RuntimeException");
        assertThat(ttfts).hasSize(1);
        assertThat(controller.state().observations()).isEqualTo(1);
    }

    @Test
    void should_fail_shed_requests_with_rate_limit_without_calling_the_model() throws Exception {
        TokenBudgetController shedding = TokenBudgetController.builder()
                .clock(clock::get)
                .shedUnreachable(true)
                .build();
        StreamingChatModel strict = VisionTokenBudget.builder()
                .controller(shedding)
                .ttftTargetMs(0.001)
                .clock(clock::get)
                .build()
                .wrap(server);
        Collector out = new Collector();
        strict.chat(visionRequest(1), out);

        assertThat(out.await()).isInstanceOf(RateLimitException.class);
        assertThat(server.received).isEmpty();
    }

    @Test
    void should_lower_tokens_per_image_when_measured_ttft_keeps_missing_the_target() throws Exception {
        TokenBudgetController learning =
                TokenBudgetController.builder().clock(clock::get).build();
        List<BudgetDecision> decisions = new CopyOnWriteArrayList<>();
        StreamingChatModel slowServer = VisionTokenBudget.builder()
                .controller(learning)
                .ttftTargetMs(500)
                .clock(clock::get)
                .onTtft((d, t) -> decisions.add(d))
                .build()
                .wrap(server);
        for (int i = 0; i < 40; i++) {
            server.script(new Advance(3000), new Partial("x"), new Complete(""));
            Collector out = new Collector();
            slowServer.chat(visionRequest(1), out);
            out.await();
        }
        assertThat(decisions).hasSize(40);
        assertThat(decisions.getLast().tokensPerImage().getFirst())
                .isLessThan(decisions.getFirst().tokensPerImage().getFirst());
    }

    @Test
    void should_refuse_requests_over_the_controller_image_limit_through_the_handler() throws Exception {
        TokenBudgetController small =
                TokenBudgetController.builder().clock(clock::get).maxImages(2).build();
        StreamingChatModel limited = VisionTokenBudget.builder()
                .controller(small)
                .ttftTargetMs(500)
                .clock(clock::get)
                .build()
                .wrap(server);
        Collector out = new Collector();
        limited.chat(visionRequest(3), out);

        assertThat(out.await())
                .isInstanceOfSatisfying(
                        dev.langchain4j.exception.InvalidRequestException.class,
                        e -> assertThat(e).hasMessageContaining("maxImages"));
        assertThat(server.received).isEmpty();
    }

    @Test
    void should_write_one_count_or_a_list_under_configurable_names() {
        VisionTokenBudget nested = VisionTokenBudget.builder()
                .controller(controller)
                .ttftTargetMs(500)
                .build();
        VisionTokenBudget flat = VisionTokenBudget.builder()
                .controller(controller)
                .ttftTargetMs(500)
                .parameterName("radio_tokens")
                .kwargName(null)
                .build();
        BudgetDecision same = decision(List.of(64, 64));
        BudgetDecision mixed = decision(List.of(32, 128));

        assertThat(nested.fieldsFor(same)).isEqualTo(Map.of("mm_processor_kwargs", Map.of("num_tokens", 64)));
        assertThat(nested.fieldsFor(mixed))
                .isEqualTo(Map.of("mm_processor_kwargs", Map.of("num_tokens", List.of(32, 128))));
        assertThat(flat.fieldsFor(same)).isEqualTo(Map.of("radio_tokens", 64));
    }

    @Test
    void should_count_images_across_the_conversation() {
        ChatRequest request = ChatRequest.builder()
                .messages(
                        UserMessage.from(TextContent.from("first"), IMAGE),
                        dev.langchain4j.data.message.AiMessage.from("a cat"),
                        UserMessage.from(IMAGE, IMAGE, TextContent.from("and these?")))
                .build();
        assertThat(VisionTokenBudget.countImages(request)).isEqualTo(3);
    }

    private static BudgetDecision decision(List<Integer> tokens) {
        return new BudgetDecision(
                tokens,
                tokens.stream().map(t -> "general").toList(),
                10,
                500,
                0.9,
                100,
                0,
                100,
                0,
                80,
                DecisionReason.FULL_QUALITY,
                true,
                256,
                0,
                1);
    }
}
