package io.radio4j.langchain;

import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.EncoderBuilder;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.net.RemoteImageFetcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * The settings both embedding models' builders share ({@link RadioClipEmbeddingModel.Builder},
 * {@link RadioImageEmbeddingModel.Builder}): the backend source, retries, logging, listeners, image
 * sources and batching. In LangChain4j's manner every field is nullable and an unset (or null)
 * setting takes the {@code DEFAULT_*} constant its javadoc names, applied once when the model is
 * built; a value out of range fails the build with {@link IllegalArgumentException}. Exactly one
 * backend source is required: {@link #backend}, {@link #tritonTarget}/{@link #tritonTargets},
 * {@link #embeddedRepository} or {@link #embeddedTinyRepository}. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class RadioEmbeddingModelBuilder<B extends RadioEmbeddingModelBuilder<B>> {

    /** Default of {@link #timeout(Duration)}: the deadline of one encoder call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #maxRetries(Integer)}: retries of a backend request that found the backend unavailable. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default of {@link #retryDelay(Duration)}: bound of the first (jittered) wait before a retry, doubled after. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(500);
    /** Default of {@link #maxImageBytes(Long)}: radio-core's encoded-size limit (64 MiB). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = ImageLimits.DEFAULT_MAX_IMAGE_BYTES;
    /** Default of {@link #maxItemsPerCall(Integer)}: inputs handed to the encoder at once. */
    public static final int DEFAULT_MAX_ITEMS_PER_CALL = EncoderBuilder.DEFAULT_MAX_ITEMS_PER_CALL;
    /** Default of {@link #allowRemoteImages(Boolean)}: http(s) image URLs are refused. */
    public static final boolean DEFAULT_ALLOW_REMOTE_IMAGES = false;
    /** Default of {@link #allowFileUrls(Boolean)}: file: image URLs are refused (turn on for trusted callers only). */
    public static final boolean DEFAULT_ALLOW_FILE_URLS = false;
    /** Default of {@link #logRequests(Boolean)} and {@link #logResponses(Boolean)}: nothing is logged. */
    public static final boolean DEFAULT_LOG = false;

    InferenceBackend backend;
    List<String> tritonTargets;
    Path localRepository;
    Path embeddedRepository;
    boolean embeddedTiny;
    Duration timeout;
    Integer maxRetries;
    Duration retryDelay;
    Boolean logRequests;
    Boolean logResponses;
    Logger logger;
    List<EmbeddingModelListener> listeners;
    Long maxImageBytes;
    Boolean allowRemoteImages;
    Boolean allowFileUrls;
    RemoteImageFetcher remoteImageFetcher;
    Integer maxItemsPerCall;
    Integer batchSize;
    ResizeMode resizeMode;
    ImagePreprocessor preprocessor;
    Executor executor;

    /** Package-private: the two models' builders are the only kinds. */
    RadioEmbeddingModelBuilder() {}

    /** A backend built elsewhere (shared with other encoders); the model will not close it. */
    public B backend(InferenceBackend backend) {
        this.backend = backend;
        return self();
    }

    /** One Triton server's gRPC address, {@code host:port} (Triton's default port is 8001). */
    public B tritonTarget(String target) {
        this.tritonTargets = target == null ? null : List.of(target);
        return self();
    }

    /** Several Triton replicas serving the same repository, used round-robin (copied). */
    public B tritonTargets(List<String> targets) {
        this.tritonTargets = targets == null ? null : List.copyOf(targets);
        return self();
    }

    /**
     * A local copy of the Triton repository, where files beside a model are read (RADIO-CLIP's
     * text tower reads its {@code tokenizer.json} there; C-RADIO needs none).
     */
    public B localRepository(Path dir) {
        this.localRepository = dir;
        return self();
    }

    /** Run in this process with ONNX Runtime, from a Triton-layout repository of ONNX models. */
    public B embeddedRepository(Path dir) {
        this.embeddedRepository = dir;
        return self();
    }

    /**
     * Run in this process the tiny stand-in models of the {@code triton-model-repo} jar: same
     * contracts, meaningless embeddings. For tests and demos only.
     */
    public B embeddedTinyRepository() {
        this.embeddedTiny = true;
        return self();
    }

    /**
     * Decoder and resizer, and with it the pixel limits ({@code ImageLimits}: 89,478,485 pixels,
     * as Pillow, and 1024 frames by default) and the exact/fast speed mode; default
     * {@code ImagePreprocessor.builder().build()}.
     */
    public B preprocessor(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
        return self();
    }

    /**
     * The deadline of one encoder call, carried by each of its backend requests (retries
     * included); default {@link #DEFAULT_TIMEOUT}; also bounds image downloads.
     */
    public B timeout(Duration timeout) {
        this.timeout = timeout;
        return self();
    }

    /**
     * Retries of a backend request that found the backend unavailable (only then: never after a
     * deadline, a bad request or a resource limit), made within the call's {@link #timeout}; 0
     * turns them off; default {@value #DEFAULT_MAX_RETRIES}.
     */
    public B maxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
        return self();
    }

    /**
     * Upper bound of the random wait before the first retry, doubled for each further one (a
     * wait that would pass the call's deadline is not made); default {@link #DEFAULT_RETRY_DELAY}.
     */
    public B retryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
        return self();
    }

    /** Log each request (text previews, image counts) at INFO; default {@value #DEFAULT_LOG}. */
    public B logRequests(Boolean logRequests) {
        this.logRequests = logRequests;
        return self();
    }

    /** Log each response (count and dimension) at INFO; default {@value #DEFAULT_LOG}. */
    public B logResponses(Boolean logResponses) {
        this.logResponses = logResponses;
        return self();
    }

    /** Logger for {@link #logRequests}/{@link #logResponses}; default the model class's. */
    public B logger(Logger logger) {
        this.logger = logger;
        return self();
    }

    /** Listeners notified around each call (copied when the model is built); default none. */
    public B listeners(List<EmbeddingModelListener> listeners) {
        this.listeners = listeners;
        return self();
    }

    /** Largest encoded image accepted, in bytes, whatever its source; default {@link #DEFAULT_MAX_IMAGE_BYTES}. */
    public B maxImageBytes(Long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
        return self();
    }

    /** Whether http(s) image URLs may be fetched; default {@value #DEFAULT_ALLOW_REMOTE_IMAGES}. */
    public B allowRemoteImages(Boolean allowRemoteImages) {
        this.allowRemoteImages = allowRemoteImages;
        return self();
    }

    /**
     * Whether {@code file:} image URLs may be read; default {@value #DEFAULT_ALLOW_FILE_URLS}.
     * Leave it off when requests come from untrusted callers.
     */
    public B allowFileUrls(Boolean allowFileUrls) {
        this.allowFileUrls = allowFileUrls;
        return self();
    }

    /**
     * The fetcher of {@code http(s)} image URLs (when {@link #allowRemoteImages} is on); default
     * one that connects only to public addresses, checks every redirect and is bounded by
     * {@code maxImageBytes} and {@code timeout}. Give one with another address rule to reach
     * hosts inside a trusted network.
     */
    public B remoteImageFetcher(RemoteImageFetcher remoteImageFetcher) {
        this.remoteImageFetcher = remoteImageFetcher;
        return self();
    }

    /**
     * Items per inference request; default the model's {@code max_batch_size}. C-RADIO refuses one
     * above it, RADIO-CLIP caps it by each tower's.
     */
    public B batchSize(Integer batchSize) {
        this.batchSize = batchSize;
        return self();
    }

    /** How images are resized; default the model's {@code DEFAULT_RESIZE_MODE}. */
    public B resizeMode(ResizeMode resizeMode) {
        this.resizeMode = resizeMode;
        return self();
    }

    /** Most inputs handed to the encoder at once; larger calls go in slices; default {@value #DEFAULT_MAX_ITEMS_PER_CALL}. */
    public B maxItemsPerCall(Integer maxItemsPerCall) {
        this.maxItemsPerCall = maxItemsPerCall;
        return self();
    }

    /**
     * Threads that decode images and tokenize texts; default the calling thread. A server should
     * pass one bounded, first-come-first-served pool shared by all its models.
     */
    public B executor(Executor executor) {
        this.executor = executor;
        return self();
    }

    /**
     * The settings with every default applied, the backend created last (so that a refused
     * setting leaves nothing to close).
     *
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException unless exactly one backend source was given
     */
    final EmbeddingModelOptions options(Class<?> model) {
        return options(model, true);
    }

    /** As {@link #options(Class)}; without {@code createBackend} no backend is chosen (the model wraps a given encoder). */
    final EmbeddingModelOptions options(Class<?> model, boolean createBackend) {
        return EmbeddingModelOptions.of(this, model, createBackend);
    }

    @SuppressWarnings("unchecked") // every subclass is declared as RadioEmbeddingModelBuilder<itself>
    private B self() {
        return (B) this;
    }
}
