package io.radio4j.langchain.internal;

import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.radio4j.langchain.VisionTokenBudget;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.DecisionReason;
import io.radio4j.tokenbudget.TokenBudgetException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model {@link VisionTokenBudget#wrap} returns: decides, rewrites the request, hands it to the
 * wrapped model with a handler that times the first output, and observes that TTFT once.
 */
public final class BudgetedStreamingChatModel implements StreamingChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetedStreamingChatModel.class);

    private final StreamingChatModel delegate;
    private final VisionTokenBudget budget;
    private final LongSupplier clock;
    private final BiConsumer<BudgetDecision, Duration> onTtft;

    public BudgetedStreamingChatModel(
            StreamingChatModel delegate,
            VisionTokenBudget budget,
            LongSupplier clock,
            BiConsumer<BudgetDecision, Duration> onTtft) {
        this.delegate = delegate;
        this.budget = budget;
        this.clock = clock;
        this.onTtft = onTtft;
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        chat(request, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        Optional<BudgetDecision> decision;
        try {
            decision = budget.decide(request);
        } catch (TokenBudgetException e) {
            handler.onError(new InvalidRequestException("token budget refused the request: " + e.getMessage(), e));
            return;
        }
        if (decision.isEmpty()) {
            delegate.chat(request, options, handler);
            return;
        }
        BudgetDecision d = decision.get();
        if (!d.admitted()) {
            handler.onError(new RateLimitException("token budget shed the request (" + DecisionReason.SHED
                    + "): its TTFT target of " + d.ttftTargetMs() + " ms cannot be met at the current load"));
            return;
        }
        ChatRequest budgeted = budget.apply(request, d, delegate.defaultRequestParameters());
        Map<Object, Object> attributes = new HashMap<>(options == null ? Map.of() : options.listenerAttributes());
        attributes.put(VisionTokenBudget.DECISION_ATTRIBUTE, d);
        ChatRequestOptions withDecision =
                ChatRequestOptions.builder().listenerAttributes(attributes).build();
        long start = clock.getAsLong();
        delegate.chat(budgeted, withDecision, new TimingHandler(handler, d, start));
    }

    /** Passes every event through; the first output event (or completion) stops the TTFT clock. */
    private final class TimingHandler implements StreamingChatResponseHandler {
        private final StreamingChatResponseHandler handler;
        private final BudgetDecision decision;
        private final long start;
        private final AtomicBoolean seen = new AtomicBoolean();

        TimingHandler(StreamingChatResponseHandler handler, BudgetDecision decision, long start) {
            this.handler = handler;
            this.decision = decision;
            this.start = start;
        }

        private void firstOutput() {
            if (!seen.compareAndSet(false, true)) {
                return;
            }
            long nanos = Math.max(0, clock.getAsLong() - start);
            try {
                budget.controller().observe(decision, nanos / 1e6);
                onTtft.accept(decision, Duration.ofNanos(nanos));
            } catch (RuntimeException e) {
                // Feedback is best effort: a failing observer must not break the user's stream.
                LOG.warn("could not record TTFT of decision {}: {}", decision.sequence(), e.getMessage(), e);
            }
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            firstOutput();
            handler.onPartialResponse(partialResponse);
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            firstOutput();
            handler.onPartialResponse(partialResponse, context);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            firstOutput();
            handler.onPartialThinking(partialThinking);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            firstOutput();
            handler.onPartialThinking(partialThinking, context);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            firstOutput();
            handler.onPartialToolCall(partialToolCall);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            firstOutput();
            handler.onPartialToolCall(partialToolCall, context);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            firstOutput();
            handler.onCompleteToolCall(completeToolCall);
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            handler.onUnmappedRawEvent(rawEvent);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            firstOutput();
            handler.onCompleteResponse(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            handler.onError(error);
        }
    }

    /** Same as {@link #chat(ChatRequest, StreamingChatResponseHandler)}: the budget applies however the model is called. */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        chat(request, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    /** Empty: the wrapped model notifies its own listeners, once. */
    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }
}
