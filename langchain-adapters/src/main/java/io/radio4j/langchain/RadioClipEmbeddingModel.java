package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.DimensionAwareEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.net.RemoteImageFetcher;
import io.radio4j.langchain.internal.BackendChoice;
import io.radio4j.langchain.internal.EncoderCalls;
import io.radio4j.langchain.internal.EmbeddingRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
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
 * sent concurrently; calls larger than {@link Builder#maxInputsPerCall(Integer)} are sent in
 * consecutive slices of that size.
 *
 * <p><b>Listeners</b> are notified for every input kind, image-only included (LangChain4j 1.19's
 * default {@code embed(EmbeddingRequest)} fails there; this class does it itself). Their contexts'
 * {@code textSegments()} hold the inputs that have text. {@link #addListener}/{@link #addListeners}
 * return a copy of this model with the extra listeners, not LangChain4j's wrapper, for the same reason.
 *
 * <p><b>Errors</b> are LangChain4j's types (see {@code RadioExceptionMapper}): a bad image or text
 * gives {@code InvalidRequestException}, an unknown model {@code ModelNotFoundException}, an
 * unreachable backend {@code RetriableException} (retried up to {@code maxRetries} times), a
 * deadline {@code TimeoutException}.
 *
 * <p>Thread-safe; share one instance. {@link #close()} releases the backend when the builder
 * created it, and the tokenizer; copies made by {@code addListener(s)} share both, so close one.
 */
public class RadioClipEmbeddingModel extends DimensionAwareEmbeddingModel implements AutoCloseable {

    /** Default of {@link Builder#modelName(String)}: the image tower. */
    public static final String DEFAULT_MODEL_NAME = RadioModels.RADIO_CLIP_VISION;
    /** Default of {@link Builder#textModelName(String)}: the text tower. */
    public static final String DEFAULT_TEXT_MODEL_NAME = RadioModels.RADIO_CLIP_TEXT;
    /** Default of {@link Builder#timeout(Duration)}: longest wait for one call's answers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link Builder#maxRetries(Integer)}: retries of a retriable failure. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default of {@link Builder#retryDelay(Duration)}: wait before the first retry, doubled after. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(500);
    /** Default of {@link Builder#maxImageBytes(Long)}: radio-core's encoded-size limit (64 MiB). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = ImageLimits.DEFAULT_MAX_ENCODED_BYTES;
    /** Default of {@link Builder#maxInputsPerCall(Integer)}: inputs sent to the encoder at once. */
    public static final int DEFAULT_MAX_INPUTS_PER_CALL = 1024;
    /** Default of {@link Builder#allowRemoteImages(Boolean)}: http(s) image URLs are refused. */
    public static final boolean DEFAULT_ALLOW_REMOTE_IMAGES = false;
    /** Default of {@link Builder#allowFileUrls(Boolean)}: file: image URLs are refused (turn on for trusted callers only). */
    public static final boolean DEFAULT_ALLOW_FILE_URLS = false;

    private final Shared shared;
    private final List<EmbeddingModelListener> listeners;

    /**
     * Everything copies made by {@code addListeners} have in common. {@code backend} is null when the
     * caller gave the encoder; {@code ownsEncoder} says whether {@link #close()} closes it.
     */
    private record Shared(RadioClipEncoder encoder, boolean ownsEncoder, BackendChoice backend, EncoderCalls calls,
                          boolean logRequests, boolean logResponses, Logger log) {}

    /**
     * Builds the model from a builder: connects to (or creates) the backend and reads both models'
     * contracts and the tokenizer, or wraps the encoder given to {@link Builder#encoder}.
     *
     * @throws IllegalStateException unless exactly one backend source (or an encoder) was configured,
     *     or if an encoder comes with settings that only build one
     * @throws LangChain4jException mapped from radio-core when a model is missing or malformed
     */
    public RadioClipEmbeddingModel(Builder b) {
        Duration timeout = b.timeout == null ? DEFAULT_TIMEOUT : b.timeout;
        int maxInputs = b.maxInputsPerCall == null ? DEFAULT_MAX_INPUTS_PER_CALL : b.maxInputsPerCall;
        Logger log = b.logger == null ? LoggerFactory.getLogger(RadioClipEmbeddingModel.class) : b.logger;
        if (b.encoder != null) {
            refuseEncoderSettings(b);
            EncoderCalls calls = EncoderCalls.of(b.maxRetries, b.retryDelay, b.maxImageBytes, b.allowFileUrls,
                    b.allowRemoteImages, timeout, maxInputs, b.remoteImageFetcher);
            this.shared = new Shared(b.encoder, false, null, calls, Boolean.TRUE.equals(b.logRequests),
                    Boolean.TRUE.equals(b.logResponses), log);
            this.listeners = b.listeners == null ? List.of() : List.copyOf(b.listeners);
            return;
        }
        BackendChoice backend = BackendChoice.of(b.backend, b.tritonTargets, b.localRepository, b.embeddedRepository,
                b.embeddedTiny);
        try {
            RadioClipEncoder.Builder encoder = RadioClipEncoder.builder().backend(backend.backend())
                    .visionModel(b.modelName == null ? DEFAULT_MODEL_NAME : b.modelName)
                    .textModel(b.textModelName == null ? DEFAULT_TEXT_MODEL_NAME : b.textModelName)
                    .timeout(timeout);
            if (b.resizeMode != null) {
                encoder.resizeMode(b.resizeMode);
            }
            if (b.batchSize != null) {
                encoder.batchSize(b.batchSize);
            }
            if (b.preprocessor != null) {
                encoder.preprocessor(b.preprocessor);
            }
            if (b.executor != null) {
                encoder.executor(b.executor);
            }
            if (b.maxTextChars != null) {
                encoder.maxTextChars(b.maxTextChars);
            }
            encoder.maxItemsPerCall(maxInputs);
            EncoderCalls calls = EncoderCalls.of(b.maxRetries, b.retryDelay, b.maxImageBytes, b.allowFileUrls,
                    b.allowRemoteImages, timeout, maxInputs, b.remoteImageFetcher);
            this.shared = new Shared(calls.retrier().call(encoder::build), true, backend, calls,
                    Boolean.TRUE.equals(b.logRequests), Boolean.TRUE.equals(b.logResponses), log);
        } catch (RuntimeException e) {
            backend.closeIfOwned();
            throw e;
        }
        this.listeners = b.listeners == null ? List.of() : List.copyOf(b.listeners);
    }

    /** A given encoder was built with its own backend, models and preprocessing: settings for those would be ignored. */
    private static void refuseEncoderSettings(Builder b) {
        List<String> given = new ArrayList<>();
        if (b.backend != null || (b.tritonTargets != null && !b.tritonTargets.isEmpty()) || b.localRepository != null
                || b.embeddedRepository != null || b.embeddedTiny) {
            given.add("a backend source");
        }
        if (b.modelName != null) {
            given.add("modelName");
        }
        if (b.textModelName != null) {
            given.add("textModelName");
        }
        if (b.resizeMode != null) {
            given.add("resizeMode");
        }
        if (b.batchSize != null) {
            given.add("batchSize");
        }
        if (b.preprocessor != null) {
            given.add("preprocessor");
        }
        if (b.executor != null) {
            given.add("executor");
        }
        if (b.maxTextChars != null) {
            given.add("maxTextChars");
        }
        if (!given.isEmpty()) {
            throw new IllegalStateException("encoder(...) was given, so " + String.join(", ", given)
                    + " cannot apply: configure the encoder itself instead");
        }
    }

    private RadioClipEmbeddingModel(Shared shared, List<EmbeddingModelListener> listeners) {
        this.shared = shared;
        this.listeners = List.copyOf(listeners);
    }

    /** A builder; one backend source, or an encoder, is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return EmbeddingRequests.embed(this, request, listeners, this::doEmbed);
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
                throw new UnsupportedFeatureException("input " + i + " has " + input.contents().size() + " parts "
                        + input.contents().stream().map(Content::type).toList()
                        + "; RADIO-CLIP embeds one text or one image per input and cannot fuse them: send them as separate inputs");
            }
        }
        if (shared.logRequests) {
            shared.log.info("RADIO-CLIP request: {} text(s) {}, {} image(s)", texts.size(),
                    texts.stream().map(RadioClipEmbeddingModel::preview).toList(), images.size());
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
        if (shared.logResponses) {
            shared.log.info("RADIO-CLIP response: {} embedding(s) of dimension {}", embeddings.size(), shared.encoder.dimension());
        }
        // Token usage as OpenAI counts it for embeddings: the texts' tokens up to EOS; images read none.
        int tokens = 0;
        for (String text : texts) {
            tokens += shared.encoder.textTokenCount(text);
        }
        return EmbeddingRequests.response(embeddings, modelName(), new TokenUsage(tokens, null, tokens));
    }

    private List<float[]> embedTexts(List<String> texts) {
        return shared.calls.texts(texts, shared.encoder::embedTexts);
    }

    private List<float[]> embedImages(List<ImageContent> images) {
        return shared.calls.images(images, shared.encoder::embedImages);
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
    public List<EmbeddingModelListener> listeners() {
        return listeners;
    }

    /** A copy of this model with one more listener (sharing backend and tokenizer). */
    @Override
    public RadioClipEmbeddingModel addListener(EmbeddingModelListener listener) {
        return listener == null ? this : addListeners(List.of(listener));
    }

    /** A copy of this model with more listeners, notified after the existing ones. */
    @Override
    public RadioClipEmbeddingModel addListeners(List<EmbeddingModelListener> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        List<EmbeddingModelListener> all = new ArrayList<>(listeners);
        all.addAll(more);
        return new RadioClipEmbeddingModel(shared, all);
    }

    /** The radio-core encoder behind this model, e.g. for SigLIP probabilities. */
    public RadioClipEncoder encoder() {
        return shared.encoder;
    }

    /**
     * Frees the tokenizer and the backend when the builder created them; an encoder given to
     * {@link Builder#encoder} stays open (its owner closes it).
     */
    @Override
    public void close() {
        try {
            if (shared.ownsEncoder) {
                shared.encoder.close();
            }
        } finally {
            if (shared.backend != null) {
                shared.backend.closeIfOwned();
            }
        }
    }

    /**
     * Builds a {@link RadioClipEmbeddingModel}. Every field is optional except the backend source;
     * unset fields take the {@code DEFAULT_*} constant named in their javadoc. Not thread-safe.
     */
    public static class Builder {
        private InferenceBackend backend;
        private RadioClipEncoder encoder;
        private List<String> tritonTargets;
        private Path localRepository;
        private Path embeddedRepository;
        private boolean embeddedTiny;
        private String modelName;
        private String textModelName;
        private Duration timeout;
        private Integer maxRetries;
        private Duration retryDelay;
        private Boolean logRequests;
        private Boolean logResponses;
        private Logger logger;
        private List<EmbeddingModelListener> listeners;
        private Long maxImageBytes;
        private Boolean allowRemoteImages;
        private Boolean allowFileUrls;
        private Executor executor;
        private RemoteImageFetcher remoteImageFetcher;
        private Integer maxInputsPerCall;
        private Integer batchSize;
        private ImagePreprocessor preprocessor;
        private Integer maxTextChars;
        private ResizeMode resizeMode;

        /** Public so that frameworks can extend it. */
        public Builder() {}

        /** A backend built elsewhere (shared with other encoders); the model will not close it. */
        public Builder backend(InferenceBackend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * An encoder built elsewhere and shared (e.g. with a REST route), used instead of building
         * one: no backend source is then given, nor the settings that only build an encoder
         * (model names, resize mode, batch size, preprocessor, executor, max text length). The model
         * will not close it. Timeout, retries, image sources and limits still apply to this model's calls.
         */
        public Builder encoder(RadioClipEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** One Triton server's gRPC address, {@code host:port} (Triton's default port is 8001). */
        public Builder tritonTarget(String target) {
            this.tritonTargets = target == null ? null : List.of(target);
            return this;
        }

        /** Several Triton replicas serving the same repository, used round-robin. */
        public Builder tritonTargets(List<String> targets) {
            this.tritonTargets = targets == null ? null : List.copyOf(targets);
            return this;
        }

        /**
         * A local copy of the model repository, where the text tower's {@code tokenizer.json} is read:
         * with Triton the only place it can come from, with an embedded backend read before the
         * embedded repository's own files. Not with {@link #backend}.
         */
        public Builder localRepository(Path dir) {
            this.localRepository = dir;
            return this;
        }

        /** Run in this process with ONNX Runtime, from a Triton-layout repository of ONNX models. */
        public Builder embeddedRepository(Path dir) {
            this.embeddedRepository = dir;
            return this;
        }

        /**
         * Run in this process the tiny stand-in models of the {@code triton-model-repo} jar: same
         * contracts, meaningless embeddings. For tests and demos only.
         */
        public Builder embeddedTinyRepository() {
            this.embeddedTiny = true;
            return this;
        }

        /** The image tower's model name; default {@link #DEFAULT_MODEL_NAME}. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** The text tower's model name; default {@link #DEFAULT_TEXT_MODEL_NAME}. */
        public Builder textModelName(String textModelName) {
            this.textModelName = textModelName;
            return this;
        }

        /** Longest wait for one call's answers; default {@link #DEFAULT_TIMEOUT}; also bounds image downloads. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries of a retriable failure (backend unavailable, timeout); default {@value #DEFAULT_MAX_RETRIES}. */
        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Wait before the first retry, doubled for each further one; default {@link #DEFAULT_RETRY_DELAY}. */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        /** Log each request (text previews, image sizes) at INFO; default false. */
        public Builder logRequests(Boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        /** Log each response (count and dimension) at INFO; default false. */
        public Builder logResponses(Boolean logResponses) {
            this.logResponses = logResponses;
            return this;
        }

        /** Logger for {@link #logRequests}/{@link #logResponses}; default this class's. */
        public Builder logger(Logger logger) {
            this.logger = logger;
            return this;
        }

        /** Listeners notified around each call (copied); default none. */
        public Builder listeners(List<EmbeddingModelListener> listeners) {
            this.listeners = listeners;
            return this;
        }

        /** Largest encoded image accepted, in bytes, whatever its source; default {@link #DEFAULT_MAX_IMAGE_BYTES}. */
        public Builder maxImageBytes(Long maxImageBytes) {
            this.maxImageBytes = maxImageBytes;
            return this;
        }

        /** Whether http(s) image URLs may be fetched; default {@value #DEFAULT_ALLOW_REMOTE_IMAGES}. */
        public Builder allowRemoteImages(Boolean allowRemoteImages) {
            this.allowRemoteImages = allowRemoteImages;
            return this;
        }

        /**
         * Whether {@code file:} image URLs may be read; default {@value #DEFAULT_ALLOW_FILE_URLS}.
         * Turn it off when requests come from untrusted callers.
         */
        public Builder allowFileUrls(Boolean allowFileUrls) {
            this.allowFileUrls = allowFileUrls;
            return this;
        }

        /**
         * The fetcher of {@code http(s)} image URLs (when {@link #allowRemoteImages} is on); default
         * one that connects only to public addresses, checks every redirect and is bounded by
         * {@code maxImageBytes} and {@code timeout}. Give one with another address rule to reach
         * hosts inside a trusted network.
         */
        public Builder remoteImageFetcher(RemoteImageFetcher remoteImageFetcher) {
            this.remoteImageFetcher = remoteImageFetcher;
            return this;
        }

        /** Most inputs sent to the encoder at once; larger calls go in slices; default {@value #DEFAULT_MAX_INPUTS_PER_CALL}. */
        public Builder maxInputsPerCall(Integer maxInputsPerCall) {
            this.maxInputsPerCall = maxInputsPerCall;
            return this;
        }

        /** Items per inference request, capped by each model's {@code max_batch_size}; default that maximum. */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Decoder and resizer, and with it the pixel limits ({@code ImageLimits}: 89,478,485 pixels,
         * as Pillow, and 1024 frames by default) and the exact/fast speed mode; default
         * {@code ImagePreprocessor.builder().build()}.
         */
        public Builder preprocessor(ImagePreprocessor preprocessor) {
            this.preprocessor = preprocessor;
            return this;
        }

        /**
         * Threads that decode images and tokenize texts; default the calling thread. A server should
         * pass one bounded, first-come-first-served pool shared by all its models.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Longest text accepted, in characters; default radio-core's {@code SigLipTokenizer.DEFAULT_MAX_TEXT_CHARS}. */
        public Builder maxTextChars(Integer maxTextChars) {
            this.maxTextChars = maxTextChars;
            return this;
        }

        /** SQUASH or CENTER_CROP; default radio-core's {@code RadioClipEncoder.DEFAULT_RESIZE_MODE} (center crop, as open_clip). */
        public Builder resizeMode(ResizeMode resizeMode) {
            this.resizeMode = resizeMode;
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
            return "RadioClipEmbeddingModel.Builder{tritonTargets=" + tritonTargets + ", embeddedRepository=" + embeddedRepository
                    + ", embeddedTiny=" + embeddedTiny + ", modelName=" + modelName + ", textModelName=" + textModelName
                    + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ", allowRemoteImages=" + allowRemoteImages
                    + ", maxImageBytes=" + maxImageBytes + ", listeners=" + (listeners == null ? 0 : listeners.size()) + "}";
        }
    }

    @Override
    public String toString() {
        return "RadioClipEmbeddingModel{" + modelName() + " + " + textModelName() + ", dimension=" + shared.encoder.dimension()
                + ", backend=" + (shared.backend == null ? "given encoder's" : shared.backend.backend().description()) + "}";
    }
}
