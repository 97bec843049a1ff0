package io.radio4j.langchain;

import dev.langchain4j.data.embedding.Embedding;
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
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
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

/**
 * C-RADIOv4 image summaries as a LangChain4j {@link EmbeddingModel}: {@link ContentType#IMAGE} only,
 * for image-to-image search and clustering (there is no text tower; use
 * {@link RadioClipEmbeddingModel} to search images by text).
 *
 * <pre>{@code
 * RadioImageEmbeddingModel model = RadioImageEmbeddingModel.builder()
 *         .tritonTarget("gpu-1:8001").resolution(512, 512).resizeMode(ResizeMode.SQUASH).build();
 * Embedding e = model.embed(EmbeddingRequest.builder()
 *         .input(ImageContent.from(Path.of("cat.jpg"), "image/jpeg")).build()).embeddings().get(0);
 * }</pre>
 *
 * <p>Each input must be exactly one image, given as for {@link RadioClipEmbeddingModel}. Text
 * inputs are refused with {@link UnsupportedFeatureException} (by the supported content types), so
 * {@code embed(String)} and {@code embedAll(List<TextSegment>)} always fail; {@link #dimension()}
 * comes from the model's metadata without an embedding call. Summaries are returned as the model
 * gives them, or L2-normalised with {@link Builder#normalize(Boolean)} (for stores that score by
 * inner product). Batching, listeners, errors, retries and thread-safety as
 * {@link RadioClipEmbeddingModel}.
 */
public class RadioImageEmbeddingModel extends DimensionAwareEmbeddingModel implements AutoCloseable {

    /** Default of {@link Builder#modelName(String)}: C-RADIOv4-H. */
    public static final String DEFAULT_MODEL_NAME = CRadioEncoder.DEFAULT_MODEL;
    /** Default of {@link Builder#resizeMode(ResizeMode)}: squash to the resolution, as the transformers example. */
    public static final ResizeMode DEFAULT_RESIZE_MODE = CRadioEncoder.DEFAULT_RESIZE_MODE;
    /** Default edge of {@link Builder#resolution(int, int)} for engines of variable size: RADIO's preferred 512. */
    public static final int DEFAULT_RESOLUTION = CRadioEncoder.DEFAULT_RESOLUTION;
    /** Default of {@link Builder#normalize(Boolean)}: summaries as the model returns them. */
    public static final boolean DEFAULT_NORMALIZE = false;

    private final Shared shared;
    private final List<EmbeddingModelListener> listeners;

    private record Shared(CRadioEncoder encoder, BackendChoice backend, EncoderCalls calls, boolean normalize,
                          boolean logRequests, boolean logResponses, Logger log) {}

    /**
     * Builds the model: connects to (or creates) the backend and reads the model's contract.
     *
     * @throws IllegalStateException unless exactly one backend source was configured
     * @throws LangChain4jException mapped from radio-core when the model is missing, malformed or
     *     refuses the resolution
     */
    public RadioImageEmbeddingModel(Builder b) {
        BackendChoice backend = BackendChoice.of(b.backend, b.tritonTargets, b.localRepository, b.embeddedRepository,
                b.embeddedTiny);
        try {
            Duration timeout = b.timeout == null ? RadioClipEmbeddingModel.DEFAULT_TIMEOUT : b.timeout;
            int maxInputs = b.maxInputsPerCall == null ? RadioClipEmbeddingModel.DEFAULT_MAX_INPUTS_PER_CALL : b.maxInputsPerCall;
            CRadioEncoder.Builder encoder = CRadioEncoder.builder().backend(backend.backend())
                    .model(b.modelName == null ? DEFAULT_MODEL_NAME : b.modelName)
                    .resizeMode(b.resizeMode == null ? DEFAULT_RESIZE_MODE : b.resizeMode)
                    .timeout(timeout).maxItemsPerCall(maxInputs);
            if (b.height != null) {
                encoder.resolution(b.height, b.width);
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
            EncoderCalls calls = EncoderCalls.of(b.maxRetries, b.retryDelay, b.maxImageBytes, b.allowFileUrls,
                    b.allowRemoteImages, timeout, maxInputs, b.remoteImageFetcher);
            this.shared = new Shared(calls.retrier().call(encoder::build), backend, calls,
                    b.normalize == null ? DEFAULT_NORMALIZE : b.normalize,
                    Boolean.TRUE.equals(b.logRequests), Boolean.TRUE.equals(b.logResponses),
                    b.logger == null ? LoggerFactory.getLogger(RadioImageEmbeddingModel.class) : b.logger);
        } catch (RuntimeException e) {
            backend.closeIfOwned();
            throw e;
        }
        this.listeners = b.listeners == null ? List.of() : List.copyOf(b.listeners);
    }

    private RadioImageEmbeddingModel(Shared shared, List<EmbeddingModelListener> listeners) {
        this.shared = shared;
        this.listeners = List.copyOf(listeners);
    }

    /** A builder; one backend source is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return EmbeddingRequests.embed(this, request, listeners, this::doEmbed);
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<ImageContent> images = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            EmbeddingInput input = request.inputs().get(i);
            if (input.contents().size() != 1 || !(input.contents().getFirst() instanceof ImageContent image)) {
                throw new UnsupportedFeatureException("input " + i + " is " + input.contentTypes() + " in "
                        + input.contents().size() + " part(s); C-RADIO embeds exactly one image per input");
            }
            images.add(image);
        }
        if (shared.logRequests) {
            shared.log.info("C-RADIO request: {} image(s)", images.size());
        }
        List<Embedding> embeddings = new ArrayList<>(images.size());
        for (float[] summary : shared.calls.images(images, shared.encoder::summaries)) {
            Embedding e = Embedding.from(summary);
            if (shared.normalize) {
                e.normalize();
            }
            embeddings.add(e);
        }
        if (shared.logResponses) {
            shared.log.info("C-RADIO response: {} summar(ies) of dimension {}", embeddings.size(), shared.encoder.summaryDimension());
        }
        return EmbeddingRequests.response(embeddings, modelName());
    }

    @Override
    protected Integer knownDimension() {
        return shared.encoder.summaryDimension();
    }

    @Override
    public String modelName() {
        return shared.encoder.contract().model();
    }

    /** {@code {IMAGE}}. */
    @Override
    public Set<ContentType> supportedContentTypes() {
        return Set.of(ContentType.IMAGE);
    }

    @Override
    public List<EmbeddingModelListener> listeners() {
        return listeners;
    }

    /** A copy of this model with one more listener (sharing the backend). */
    @Override
    public RadioImageEmbeddingModel addListener(EmbeddingModelListener listener) {
        return listener == null ? this : addListeners(List.of(listener));
    }

    /** A copy of this model with more listeners, notified after the existing ones. */
    @Override
    public RadioImageEmbeddingModel addListeners(List<EmbeddingModelListener> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        List<EmbeddingModelListener> all = new ArrayList<>(listeners);
        all.addAll(more);
        return new RadioImageEmbeddingModel(shared, all);
    }

    /** The radio-core encoder behind this model, e.g. for dense features. */
    public CRadioEncoder encoder() {
        return shared.encoder;
    }

    /** Frees the backend when the builder created it. */
    @Override
    public void close() {
        shared.backend.closeIfOwned();
    }

    @Override
    public String toString() {
        return "RadioImageEmbeddingModel{" + modelName() + ", dimension=" + shared.encoder.summaryDimension()
                + ", resize=" + shared.encoder.resizeSpec() + ", backend=" + shared.backend.backend().description() + "}";
    }

    /**
     * Builds a {@link RadioImageEmbeddingModel}. Every field is optional except the backend source;
     * unset fields take the default named in their javadoc. Not thread-safe.
     */
    public static class Builder {
        private InferenceBackend backend;
        private List<String> tritonTargets;
        private Path localRepository;
        private Path embeddedRepository;
        private boolean embeddedTiny;
        private String modelName;
        private Integer height;
        private Integer width;
        private ResizeMode resizeMode;
        private Boolean normalize;
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

        /** Public so that frameworks can extend it. */
        public Builder() {}

        /** A backend built elsewhere; the model will not close it. */
        public Builder backend(InferenceBackend backend) {
            this.backend = backend;
            return this;
        }

        /** One Triton server's gRPC address, {@code host:port}. */
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
         * A local copy of the model repository, read for files beside a model's config by the backend
         * the builder creates, Triton or embedded (C-RADIO needs none; accepted for symmetry). Not
         * with {@link #backend}.
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

        /** Run the tiny stand-in models of the {@code triton-model-repo} jar in this process; tests and demos only. */
        public Builder embeddedTinyRepository() {
            this.embeddedTiny = true;
            return this;
        }

        /** Model name; default {@link #DEFAULT_MODEL_NAME} ({@code c_radio_v4_so400m} is the other). */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /**
         * Model input size: exactly {@code height × width} for SQUASH, the shortest edge
         * ({@code height == width}) for CENTER_CROP and SNAP16; multiples of 16. Default: the
         * engine's fixed size, else {@value #DEFAULT_RESOLUTION} × {@value #DEFAULT_RESOLUTION}.
         */
        public Builder resolution(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** How images are resized; default {@link #DEFAULT_RESIZE_MODE}. SNAP16 keeps the aspect ratio. */
        public Builder resizeMode(ResizeMode resizeMode) {
            this.resizeMode = resizeMode;
            return this;
        }

        /** L2-normalise each summary; default {@value #DEFAULT_NORMALIZE}. */
        public Builder normalize(Boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /** Longest wait for one call's answers; default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries of a retriable failure; default 2. */
        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Wait before the first retry, doubled for each further one; default 500 ms. */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        /** Log each request at INFO; default false. */
        public Builder logRequests(Boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        /** Log each response at INFO; default false. */
        public Builder logResponses(Boolean logResponses) {
            this.logResponses = logResponses;
            return this;
        }

        /** Logger for request/response logging; default this class's. */
        public Builder logger(Logger logger) {
            this.logger = logger;
            return this;
        }

        /** Listeners notified around each call (copied); default none. */
        public Builder listeners(List<EmbeddingModelListener> listeners) {
            this.listeners = listeners;
            return this;
        }

        /** Largest encoded image accepted, in bytes; default 64 MiB. */
        public Builder maxImageBytes(Long maxImageBytes) {
            this.maxImageBytes = maxImageBytes;
            return this;
        }

        /** Whether http(s) image URLs may be fetched; default false. */
        public Builder allowRemoteImages(Boolean allowRemoteImages) {
            this.allowRemoteImages = allowRemoteImages;
            return this;
        }

        /** Whether {@code file:} image URLs may be read; default false (turn on for trusted callers only). */
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

        /** Most inputs sent to the encoder at once; default 1024. */
        public Builder maxInputsPerCall(Integer maxInputsPerCall) {
            this.maxInputsPerCall = maxInputsPerCall;
            return this;
        }

        /** Items per inference request, up to the model's {@code max_batch_size}; default that maximum. */
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

        /**
         * @throws IllegalStateException unless exactly one backend source was given
         * @throws LangChain4jException if the model is missing, malformed, refuses the resolution, or
         *     the backend is unreachable
         */
        public RadioImageEmbeddingModel build() {
            return new RadioImageEmbeddingModel(this);
        }
    }
}
