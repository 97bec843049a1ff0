package io.radio4j.langchain;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake OpenAI-compatible streaming model. Each request plays a script on its own thread: steps
 * advance a shared fake clock (no real waiting) and emit events, as a server that takes that long.
 * It records the requests it received (after LangChain4j merged its default parameters) and the
 * listener attributes its listener saw.
 */
final class ScriptedStreamingModel implements StreamingChatModel {

    /** One step of a script. */
    sealed interface Step {}

    record Advance(long millis) implements Step {}

    record Partial(String text) implements Step {}

    record Thinking(String text) implements Step {}

    record Complete(String text) implements Step {}

    record Fail(String message) implements Step {}

    final AtomicLong clock;
    final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    final List<Map<Object, Object>> listenerAttributes = new CopyOnWriteArrayList<>();
    private final OpenAiChatRequestParameters defaults;
    private volatile List<Step> script = List.of();

    ScriptedStreamingModel(AtomicLong clock, Map<String, Object> defaultCustomParameters) {
        this.clock = clock;
        this.defaults = OpenAiChatRequestParameters.builder()
                .modelName("vlm")
                .customParameters(defaultCustomParameters)
                .build();
    }

    void script(Step... steps) {
        this.script = List.of(steps);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of(new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext ctx) {
                listenerAttributes.add(Map.copyOf(ctx.attributes()));
            }
        });
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        received.add(request);
        List<Step> steps = script;
        Thread.ofPlatform().name("scripted-vlm").start(() -> {
            StringBuilder text = new StringBuilder();
            for (Step step : steps) {
                switch (step) {
                    case Advance a -> clock.addAndGet(a.millis() * 1_000_000L);
                    case Partial p -> {
                        text.append(p.text());
                        handler.onPartialResponse(p.text());
                    }
                    case Thinking t -> handler.onPartialThinking(new PartialThinking(t.text()));
                    case Complete c ->
                        handler.onCompleteResponse(ChatResponse.builder()
                                .aiMessage(AiMessage.from(text + c.text()))
                                .build());
                    case Fail f -> handler.onError(new RuntimeException(f.message()));
                }
            }
        });
    }
}
