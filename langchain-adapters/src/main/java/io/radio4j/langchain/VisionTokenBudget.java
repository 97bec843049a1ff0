package io.radio4j.langchain;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.radio4j.langchain.internal.BudgetedStreamingChatModel;
import io.radio4j.langchain.internal.OpenAiParameterWriter;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.BudgetRequest;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * RADIO1D token budgets for a VLM behind an OpenAI-compatible server (vLLM): before each vision
 * chat request, the {@link TokenBudgetController} chooses how many visual tokens each image gets so
 * the time to first token (TTFT) meets a target; the choice is sent as a request parameter; the
 * TTFT measured at the first streamed token is fed back so the controller learns the server.
 *
 * <pre>{@code
 * VisionTokenBudget budget = VisionTokenBudget.builder()
 *         .controller(TokenBudgetController.builder().build())
 *         .ttftTargetMs(500)
 *         .build();
 * StreamingChatModel vlm = budget.wrap(OpenAiStreamingChatModel.builder()
 *         .baseUrl("http://vllm:8000/v1").apiKey("none").modelName("nemotron-vl").build());
 * vlm.chat(UserMessage.from(TextContent.from("What is in the picture?"), ImageContent.from(url)), handler);
 * }</pre>
 *
 * <p><b>What is sent.</b> With the defaults, {@code "mm_processor_kwargs": {"num_tokens": k}} is
 * merged into the top level of the request body (vLLM passes {@code mm_processor_kwargs} to the
 * model's multimodal processor); {@code k} is one number when every image gets the same count, else
 * the list of counts in image order. Both names are configurable; with
 * {@link Builder#kwargName(String) kwargName(null)} the value goes directly under the parameter
 * name. Other entries already in {@code mm_processor_kwargs} (from the model or the request) are
 * kept. The server's processor must understand the name: vLLM has no RADIO1D token-count knob
 * upstream, so the name depends on the deployment.
 *
 * <p><b>What is measured.</b> TTFT runs from just before the request is handed to the wrapped
 * model to its first streamed output of any kind (text, thinking, tool call), or to the complete
 * response if nothing was streamed before it; it is given to {@link TokenBudgetController#observe}
 * once per request. A request that fails before any output is not observed. Requests without
 * images pass through untouched. A request the controller sheds fails with
 * {@code RateLimitException} through the handler, without reaching the model. Listeners of the
 * wrapped model find the decision under the attribute {@link #DECISION_ATTRIBUTE}.
 *
 * <p>Thread-safe: one budget may wrap several models of the same server pool; it holds no
 * per-request state of its own.
 */
public final class VisionTokenBudget {

    /** Default of {@link Builder#parameterName(String)}: vLLM's per-request processor arguments. */
    public static final String DEFAULT_PARAMETER_NAME = "mm_processor_kwargs";
    /** Default of {@link Builder#kwargName(String)}: the processor argument carrying the token count. */
    public static final String DEFAULT_KWARG_NAME = "num_tokens";
    /** Default of {@link Builder#charsPerTextToken(Integer)}: the usual rough ratio for English text. */
    public static final int DEFAULT_CHARS_PER_TEXT_TOKEN = 4;
    /** Listener attribute key under which the wrapped model's listeners find the {@link BudgetDecision}. */
    public static final String DECISION_ATTRIBUTE = "radio4j.tokenbudget.decision";

    private final TokenBudgetController controller;
    private final double ttftTargetMs;
    private final double quantile;
    private final Integer maxTotalTokens;
    private final String parameterName;
    private final String kwargName;
    private final ToIntFunction<ChatRequest> textTokens;
    private final Function<ChatRequest, List<String>> imageClasses;
    private final ChatParameterWriter writer;
    private final LongSupplier clock;
    private final BiConsumer<BudgetDecision, Duration> onTtft;

    private VisionTokenBudget(Builder b) {
        this.controller = Objects.requireNonNull(b.controller, "controller is required");
        if (b.ttftTargetMs == null || !(b.ttftTargetMs > 0) || b.ttftTargetMs.isInfinite()) {
            throw new IllegalArgumentException("ttftTargetMs is required and must be positive, got " + b.ttftTargetMs);
        }
        this.ttftTargetMs = b.ttftTargetMs;
        this.quantile = b.quantile == null ? BudgetRequest.DEFAULT_QUANTILE : b.quantile;
        this.maxTotalTokens = b.maxTotalTokens;
        this.parameterName = b.parameterName == null ? DEFAULT_PARAMETER_NAME : b.parameterName;
        if (parameterName.isBlank()) {
            throw new IllegalArgumentException("parameterName must not be blank");
        }
        this.kwargName = b.kwargNameSet ? b.kwargName : DEFAULT_KWARG_NAME;
        int charsPerToken = b.charsPerTextToken == null ? DEFAULT_CHARS_PER_TEXT_TOKEN : b.charsPerTextToken;
        if (charsPerToken < 1) {
            throw new IllegalArgumentException("charsPerTextToken must be >= 1, got " + charsPerToken);
        }
        this.textTokens = b.textTokens != null
                ? b.textTokens
                : request -> (textChars(request) + charsPerToken - 1) / charsPerToken;
        this.imageClasses = b.imageClasses;
        this.writer = b.writer != null ? b.writer : defaultWriter();
        this.clock = b.clock == null ? System::nanoTime : b.clock;
        this.onTtft = b.onTtft == null ? (d, t) -> {} : b.onTtft;
    }

    private static ChatParameterWriter defaultWriter() {
        try {
            Class.forName(OpenAiParameterWriter.MARKER_CLASS, false, VisionTokenBudget.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "no ChatParameterWriter: add dev.langchain4j:langchain4j-open-ai to the classpath "
                            + "or give VisionTokenBudget.builder().parameterWriter(...) for your chat provider",
                    e);
        }
        return new OpenAiParameterWriter();
    }

    /** A builder; {@link Builder#controller} and {@link Builder#ttftTargetMs} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The controller that decides and learns. */
    public TokenBudgetController controller() {
        return controller;
    }

    /**
     * A streaming chat model that applies this budget to every vision request sent through it and
     * feeds back each one's TTFT. The wrapped model keeps its own listeners, defaults and provider.
     */
    public StreamingChatModel wrap(StreamingChatModel model) {
        return new BudgetedStreamingChatModel(Objects.requireNonNull(model, "model"), this, clock, onTtft);
    }

    /** Images in a request: every {@link ImageContent} of its user messages (history included: all are prefilled). */
    public static int countImages(ChatRequest request) {
        int n = 0;
        for (ChatMessage message : request.messages()) {
            if (message instanceof UserMessage user) {
                for (Content c : user.contents()) {
                    if (c instanceof ImageContent) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static int textChars(ChatRequest request) {
        int chars = 0;
        for (ChatMessage message : request.messages()) {
            switch (message) {
                case UserMessage user -> {
                    for (Content c : user.contents()) {
                        if (c instanceof TextContent t) {
                            chars += t.text().length();
                        }
                    }
                }
                case SystemMessage system -> chars += system.text().length();
                case AiMessage ai -> chars += ai.text() == null ? 0 : ai.text().length();
                default -> {}
            }
        }
        return chars;
    }

    /**
     * The controller's decision for a request, or empty when it carries no image. The decision
     * counts as sent (it joins the controller's queue model).
     *
     * @throws io.radio4j.tokenbudget.TokenBudgetException if the request breaks the controller's limits
     */
    public Optional<BudgetDecision> decide(ChatRequest request) {
        int images = countImages(request);
        if (images == 0) {
            return Optional.empty();
        }
        BudgetRequest.Builder budget = BudgetRequest.builder()
                .images(images)
                .textTokens(Math.max(0, textTokens.applyAsInt(request)))
                .ttftTargetMs(ttftTargetMs)
                .quantile(quantile)
                .maxTotalTokens(maxTotalTokens);
        if (imageClasses != null) {
            List<String> classes = imageClasses.apply(request);
            if (classes != null && !classes.isEmpty()) {
                budget.imageClasses(classes);
            }
        }
        return Optional.of(controller.decide(budget.build()));
    }

    /** The top-level body fields that carry a decision, e.g. {@code {"mm_processor_kwargs": {"num_tokens": 64}}}. */
    public Map<String, Object> fieldsFor(BudgetDecision decision) {
        List<Integer> tokens = decision.tokensPerImage();
        Object value = tokens.stream().distinct().count() == 1 ? tokens.getFirst() : tokens;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(parameterName, kwargName == null ? value : Map.of(kwargName, value));
        return fields;
    }

    /** {@code request} carrying the decision, merged with the model's and the request's own parameters. */
    public ChatRequest apply(ChatRequest request, BudgetDecision decision, ChatRequestParameters modelDefaults) {
        return writer.withFields(request, modelDefaults, fieldsFor(decision));
    }

    /** Builds a {@link VisionTokenBudget}; unset fields take the defaults named in their javadoc. Not thread-safe. */
    public static final class Builder {
        private TokenBudgetController controller;
        private Double ttftTargetMs;
        private Double quantile;
        private Integer maxTotalTokens;
        private String parameterName;
        private String kwargName;
        private boolean kwargNameSet;
        private Integer charsPerTextToken;
        private ToIntFunction<ChatRequest> textTokens;
        private Function<ChatRequest, List<String>> imageClasses;
        private ChatParameterWriter writer;
        private LongSupplier clock;
        private BiConsumer<BudgetDecision, Duration> onTtft;

        private Builder() {}

        /** Required: the controller (one per server pool it models). */
        public Builder controller(TokenBudgetController controller) {
            this.controller = controller;
            return this;
        }

        /** Required: the TTFT target in milliseconds. */
        public Builder ttftTargetMs(double ttftTargetMs) {
            this.ttftTargetMs = ttftTargetMs;
            return this;
        }

        /** Share of requests that should meet the target; default {@link BudgetRequest#DEFAULT_QUANTILE}. */
        public Builder quantile(Double quantile) {
            this.quantile = quantile;
            return this;
        }

        /** Cap on a request's visual tokens (all images); default none. */
        public Builder maxTotalTokens(Integer maxTotalTokens) {
            this.maxTotalTokens = maxTotalTokens;
            return this;
        }

        /** Top-level body field carrying the token count; default {@value #DEFAULT_PARAMETER_NAME}. */
        public Builder parameterName(String parameterName) {
            this.parameterName = parameterName;
            return this;
        }

        /**
         * Key inside the parameter's map; default {@value #DEFAULT_KWARG_NAME}; {@code null} puts
         * the count directly under the parameter name.
         */
        public Builder kwargName(String kwargName) {
            this.kwargName = kwargName;
            this.kwargNameSet = true;
            return this;
        }

        /** Characters per text token of the default text-token estimate; default {@value #DEFAULT_CHARS_PER_TEXT_TOKEN}. */
        public Builder charsPerTextToken(Integer charsPerTextToken) {
            this.charsPerTextToken = charsPerTextToken;
            return this;
        }

        /** Counts a request's text tokens (e.g. with the VLM's tokenizer); default characters / charsPerTextToken. */
        public Builder textTokens(ToIntFunction<ChatRequest> textTokens) {
            this.textTokens = textTokens;
            return this;
        }

        /** Task class of each image (profile class names), or empty for the profile's default; default none. */
        public Builder imageClasses(Function<ChatRequest, List<String>> imageClasses) {
            this.imageClasses = imageClasses;
            return this;
        }

        /** How the fields get on the request; default OpenAI custom parameters (needs langchain4j-open-ai). */
        public Builder parameterWriter(ChatParameterWriter writer) {
            this.writer = writer;
            return this;
        }

        /**
         * Monotonic nanosecond clock for TTFT; default {@code System::nanoTime}. Use the
         * controller's clock: the controller refuses decisions dated after its own now.
         */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = nanoClock;
            return this;
        }

        /** Called with each measured TTFT after the controller saw it (metrics); default none. */
        public Builder onTtft(BiConsumer<BudgetDecision, Duration> onTtft) {
            this.onTtft = onTtft;
            return this;
        }

        /**
         * @throws NullPointerException if no controller was given
         * @throws IllegalArgumentException if the target is missing or a value out of range
         * @throws IllegalStateException if no writer was given and langchain4j-open-ai is absent
         */
        public VisionTokenBudget build() {
            return new VisionTokenBudget(this);
        }
    }
}
