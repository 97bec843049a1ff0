package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.langchain.internal.EmbeddingRequests;
import io.radio4j.langchain.internal.EncoderCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * RADIO-CLIP as a LangChain4j {@link EmbeddingModel}: texts and images embedded into one space, so
 * a text query finds images and an image finds similar images in any {@code EmbeddingStore}.
 *
 * <pre>{@code
 * RadioClipEmbeddingModel model = RadioClipEmbeddingModel.builder()
 *         .tritonTarget("gpu-1:8001").localRepository(Path.of("models"))   // tokenizer.json lives there
 *         .build();
 * Embedding text = model.embed("a photo of a cat").content();
 * Embedding image = model.embed(EmbeddingRequest.builder()
 *         .input(ImageContent.from(Path.of("cat.jpg"), "image/jpeg")).build()).embeddings().get(0);
 * }</pre>
 *
 * <p><b>Inputs.</b> {@link ContentType#TEXT} and {@link ContentType#IMAGE}. Each
 * {@link EmbeddingInput} is either text (its text parts joined) or exactly one image; the two
 * towers cannot fuse a text and an image into one vector, so such an input is refused with
 * {@link UnsupportedFeatureException}. One request may mix text inputs and image inputs: texts go to
 * the text tower and images to the image tower at the same time, and the embeddings come back in
 * input order. Images may be inline base64 ({@code ImageContent.from(base64, mime)} or
 * {@code ImageContent.from(Path, mime)}), {@code data:} URLs, {@code file:} URLs (unless
 * {@link Builder#allowFileUrls(Boolean) disabled}) or, only when
 * {@link Builder#allowRemoteImages(Boolean) enabled}, {@code http(s):} URLs. No per-call parameter is
 * supported (RADIO-CLIP has no query/document mode and a fixed dimension), so a request setting
 * one fails with {@link UnsupportedFeatureException}.
 *
 * <p><b>Batching.</b> Inputs are split into batches of at most each model's {@code max_batch_size},
 * sent concurrently; calls larger than {@link Builder#maxItemsPerCall(Integer)} are sent in
 * consecutive slices of that size.
 *
 * <p><b>Listeners</b> are notified for every input kind, image-only included (LangChain4j 1.19's
 * default {@code embed(EmbeddingRequest)} fails there; this class does it itself). Their contexts'
 * {@code textSegments()} hold the inputs that have text. {@link #addListener}/{@link #addListeners}
 * return a copy of this model with the extra listeners, not LangChain4j's wrapper, for the same reason.
 *
 * <p><b>Errors</b> are LangChain4j's types (see {@code RadioExceptionMapper}): a bad image or text
 * gives {@code InvalidRequestException}, an unknown model {@code ModelNotFoundException}, an
 * unreachable backend {@code RetriableException} (each backend request retried up to
 * {@code maxRetries} times, within the call's {@code timeout}), a backend over its limits
 * {@code RateLimitException}, a
 * deadline {@code TimeoutException}.
 *
 * <p>Thread-safe; share one instance. {@link #close()} releases the backend when the builder
 * created it, and the tokenizer; copies made by {@code addListener(s)} share both, so close one.
 */
public class RadioClipEmbeddingModel extends ListenedEmbeddingModel<RadioClipEmbeddingModel> implements AutoCloseable {

    /** Default of {@link Builder#visionModelName(String)}: the image tower. */
    public static final String DEFAULT_VISION_MODEL_NAME = RadioClipEncoder.DEFAULT_VISION_MODEL_NAME;
    /** Default of {@link Builder#textModelName(String)}: the text tower. */
    public static final String DEFAULT_TEXT_MODEL_NAME = RadioClipEncoder.DEFAULT_TEXT_MODEL_NAME;
    /** Default of {@link Builder#resizeMode(ResizeMode)}: shortest edge, then center crop, as open_clip. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = RadioClipEncoder.DEFAULT_RESIZE_MODE;

    private final Shared shared;

    /**
     * Everything copies made by {@code addListeners} have in common; {@code ownsEncoder} says whether
     * {@link #close()} closes the encoder (not when the caller gave it).
     */
    private record Shared(RadioClipEncoder encoder, boolean ownsEncoder, EmbeddingModelOptions options) {}

    /** A builder; one backend source is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the model from a builder: connects to (or creates) the backend and reads both models'
     * contracts and the tokenizer, or wraps the encoder given to {@link Builder#encoder}.
     *
     * @throws IllegalStateException unless exactly one backend source (or an encoder) was configured,
     *     or if an encoder comes with settings that only build one
     * @throws IllegalArgumentException if a numeric setting is out of range
     * @throws LangChain4jException mapped from radio-core when a model is missing or malformed
     */
    public RadioClipEmbeddingModel(Builder b) {
        super(b.listeners);
        if (b.encoder != null) {
            refuseEncoderSettings(b);
            this.shared = new Shared(b.encoder, false, b.options(RadioClipEmbeddingModel.class, false));
            return;
        }
        EmbeddingModelOptions options = b.options(RadioClipEmbeddingModel.class, true);
        try {
            RadioClipEncoder.Builder encoder = options.configure(RadioClipEncoder.builder())
                    .visionModelName(b.visionModelName)
                    .textModelName(b.textModelName)
                    .resizeMode(options.resizeMode() == null ? DEFAULT_RESIZE_MODE : options.resizeMode());
            if (b.maxTextChars != null) {
                encoder.maxTextChars(b.maxTextChars);
            }
            this.shared = new Shared(EncoderCalls.mapped(encoder::build), true, options);
        } catch (RuntimeException e) {
            options.closeBackend();
            throw e;
        }
    }

    /** A given encoder was built with its own backend, models and preprocessing: settings for those would be ignored. */
    private static void refuseEncoderSettings(Builder b) {
        List<String> given = new ArrayList<>();
        if (b.backend != null
                || (b.tritonTargets != null && !b.tritonTargets.isEmpty())
                || b.localRepository != null
                || b.embeddedRepository != null
                || b.embeddedTiny) {
            given.add("a backend source");
        }
        addIfSet(given, "visionModelName", b.visionModelName);
        addIfSet(given, "textModelName", b.textModelName);
        addIfSet(given, "resizeMode", b.resizeMode);
        addIfSet(given, "batchSize", b.batchSize);
        addIfSet(given, "preprocessor", b.preprocessor);
        addIfSet(given, "executor", b.executor);
        addIfSet(given, "maxTextChars", b.maxTextChars);
        addIfSet(given, "timeout", b.timeout);
        addIfSet(given, "maxRetries", b.maxRetries);
        addIfSet(given, "retryDelay", b.retryDelay);
        if (!given.isEmpty()) {
            throw new IllegalStateException("encoder(...) was given, so " + String.join(", ", given)
                    + " cannot apply: configure the encoder itself instead");
        }
    }

    private static void addIfSet(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    private RadioClipEmbeddingModel(Shared shared, List<EmbeddingModelListener> listeners) {
        super(listeners);
        this.shared = shared;
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<EmbeddingInput> inputs = request.inputs();
        List<String> texts = new ArrayList<>();
        List<ImageContent> images = new ArrayList<>();
        boolean[] isImage = new boolean[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            EmbeddingInput input = inputs.get(i);
            if (!input.contentTypes().contains(ContentType.IMAGE)) {
                texts.add(input.text());
            } else if (input.contents().size() == 1) {
                isImage[i] = true;
                images.add((ImageContent) input.contents().getFirst());
            } else {
                throw new UnsupportedFeatureException(
                        "input " + i + " has " + input.contents().size() + " parts "
                                + input.contents().stream().map(Content::type).toList()
                                + "; RADIO-CLIP embeds one text or one image per input and cannot fuse them: send them as separate inputs");
            }
        }
        if (shared.options.logRequests()) {
            shared.options
                    .log()
                    .info(
                            "RADIO-CLIP request: {} text(s) {}, {} image(s)",
                            texts.size(),
                            texts.stream().map(RadioClipEmbeddingModel::preview).toList(),
                            images.size());
        }
        List<float[]> imageVectors;
        List<float[]> textVectors;
        if (!texts.isEmpty() && !images.isEmpty()) {
            // The towers are separate models: run both at once instead of one after the other.
            FutureTask<List<float[]>> imageTask = new FutureTask<>(() -> embedImages(images));
            Thread.ofVirtual().name("radio4j-clip-images").start(imageTask);
            textVectors = embedTexts(texts);
            imageVectors = join(imageTask);
        } else {
            textVectors = texts.isEmpty() ? List.of() : embedTexts(texts);
            imageVectors = images.isEmpty() ? List.of() : embedImages(images);
        }
        List<Embedding> embeddings = new ArrayList<>(inputs.size());
        int t = 0;
        int m = 0;
        for (boolean image : isImage) {
            embeddings.add(Embedding.from(image ? imageVectors.get(m++) : textVectors.get(t++)));
        }
        if (shared.options.logResponses()) {
            shared.options
                    .log()
                    .info(
                            "RADIO-CLIP response: {} embedding(s) of dimension {}",
                            embeddings.size(),
                            shared.encoder.dimension());
        }
        // Token usage as OpenAI counts it for embeddings: the texts' tokens up to EOS; images read none.
        int tokens = 0;
        for (String text : texts) {
            tokens += shared.encoder.textTokenCount(text);
        }
        return EmbeddingRequests.response(embeddings, modelName(), new TokenUsage(tokens, null, tokens));
    }

    private List<float[]> embedTexts(List<String> texts) {
        return shared.options.calls().texts(texts, shared.encoder::embedTexts);
    }

    private List<float[]> embedImages(List<ImageContent> images) {
        return shared.options.calls().images(images, shared.encoder::embedImages);
    }

    private static List<float[]> join(FutureTask<List<float[]>> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new LangChain4jException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LangChain4jException("interrupted while embedding images", e);
        }
    }

    private static String preview(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    @Override
    protected Integer knownDimension() {
        return shared.encoder.dimension();
    }

    /** The image tower's model name; the text tower is {@link #textModelName()}. */
    @Override
    public String modelName() {
        return shared.encoder.visionContract().model();
    }

    /** The text tower's model name. */
    public String textModelName() {
        return shared.encoder.textContract().model();
    }

    /** {@code {TEXT, IMAGE}}. */
    @Override
    public Set<ContentType> supportedContentTypes() {
        return Set.of(ContentType.TEXT, ContentType.IMAGE);
    }

    @Override
    RadioClipEmbeddingModel withListeners(List<EmbeddingModelListener> all) {
        return new RadioClipEmbeddingModel(shared, all);
    }

    /** The radio-core encoder behind this model, e.g. for SigLIP probabilities. */
    public RadioClipEncoder encoder() {
        return shared.encoder;
    }

    /** Frees the tokenizer, and the backend when the builder created it. */
    @Override
    public void close() {
        try {
            if (shared.ownsEncoder) {
                shared.encoder.close();
            }
        } finally {
            shared.options.closeBackend();
        }
    }

    /**
     * Builds a {@link RadioClipEmbeddingModel}: the settings of {@link RadioEmbeddingModelBuilder},
     * both towers' model names and the text limit. Every field is optional except the backend
     * source; unset fields take the {@code DEFAULT_*} constant named in their javadoc. Not thread-safe.
     */
    public static class Builder extends RadioEmbeddingModelBuilder<Builder> {
        private String visionModelName;
        private RadioClipEncoder encoder;
        private String textModelName;
        private Integer maxTextChars;

        /** Public so that frameworks can extend it. */
        public Builder() {}

        /**
         * An encoder built elsewhere and shared (e.g. with a REST route), used instead of building
         * one: no backend source is then given, nor the settings that only build an encoder or its
         * backend calls (model names, resize mode, batch size, preprocessor, executor, max text
         * length, timeout, retries: the encoder's own apply). The model will not close it. Image
         * sources and their limits still apply to this model's calls.
         */
        public Builder encoder(RadioClipEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** The text tower's model name; default {@link #DEFAULT_TEXT_MODEL_NAME}. */
        public Builder textModelName(String textModelName) {
            this.textModelName = textModelName;
            return this;
        }

        /** The image tower's model name; default {@link #DEFAULT_VISION_MODEL_NAME}. */
        public Builder visionModelName(String visionModelName) {
            this.visionModelName = visionModelName;
            return this;
        }

        /** Longest text accepted, in characters; default radio-core's {@code SigLipTokenizer.DEFAULT_MAX_TEXT_CHARS}. */
        public Builder maxTextChars(Integer maxTextChars) {
            this.maxTextChars = maxTextChars;
            return this;
        }

        /**
         * @throws IllegalStateException unless exactly one backend source was given
         * @throws LangChain4jException if a model is missing, malformed or the backend unreachable
         * @throws IllegalArgumentException if a numeric setting is out of range
         */
        public RadioClipEmbeddingModel build() {
            return new RadioClipEmbeddingModel(this);
        }

        @Override
        public String toString() {
            return "RadioClipEmbeddingModel.Builder{tritonTargets=" + tritonTargets + ", embeddedRepository="
                    + embeddedRepository
                    + ", embeddedTiny=" + embeddedTiny + ", visionModelName=" + visionModelName + ", textModelName="
                    + textModelName
                    + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ", allowRemoteImages=" + allowRemoteImages
                    + ", maxImageBytes=" + maxImageBytes + ", listeners=" + (listeners == null ? 0 : listeners.size())
                    + "}";
        }
    }

    @Override
    public String toString() {
        return "RadioClipEmbeddingModel{" + modelName() + " + " + textModelName() + ", dimension="
                + shared.encoder.dimension() + ", backend="
                + (shared.options.backend() == null
                        ? "the given encoder's"
                        : shared.options.backend().backend().description())
                + "}";
    }
}
