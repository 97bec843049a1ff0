package io.radio4j.langchain;

import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import io.radio4j.core.backend.RetryInterceptor;
import io.radio4j.core.encoder.EncoderBuilder;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.langchain.internal.BackendChoice;
import io.radio4j.langchain.internal.EncoderCalls;
import io.radio4j.langchain.internal.ImageSources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RadioEmbeddingModelBuilder}'s settings with every default applied: what both embedding
 * models keep, and the settings they pass on to their radio-core encoder.
 *
 * @param backend the backend, and whether the model must close it; null when the model wraps a given encoder
 * @param calls how the encoder is called: slices, retries, image sources
 * @param timeout the deadline of one encoder call, carried by each of its backend requests
 * @param batchSize items per inference request, or null for the model's maximum
 * @param resizeMode how images are resized, or null for the encoder's default
 * @param preprocessor decoder and resizer, or null for the encoder's default
 * @param executor where images are decoded, or null for the calling thread
 * @param logRequests whether requests are logged
 * @param logResponses whether responses are logged
 * @param log where they are logged
 * @param listeners notified around each call
 */
record EmbeddingModelOptions(
        BackendChoice backend,
        EncoderCalls calls,
        Duration timeout,
        Integer batchSize,
        ResizeMode resizeMode,
        ImagePreprocessor preprocessor,
        Executor executor,
        boolean logRequests,
        boolean logResponses,
        Logger log,
        List<EmbeddingModelListener> listeners) {

    static EmbeddingModelOptions of(RadioEmbeddingModelBuilder<?> b, Class<?> model, boolean createBackend) {
        Duration timeout = b.timeout == null ? RadioEmbeddingModelBuilder.DEFAULT_TIMEOUT : b.timeout;
        RetryInterceptor retry = EncoderCalls.retry(
                b.maxRetries == null ? RadioEmbeddingModelBuilder.DEFAULT_MAX_RETRIES : b.maxRetries,
                b.retryDelay == null ? RadioEmbeddingModelBuilder.DEFAULT_RETRY_DELAY : b.retryDelay);
        ImageSources sources = new ImageSources(
                b.maxImageBytes == null ? RadioEmbeddingModelBuilder.DEFAULT_MAX_IMAGE_BYTES : b.maxImageBytes,
                b.allowFileUrls == null ? RadioEmbeddingModelBuilder.DEFAULT_ALLOW_FILE_URLS : b.allowFileUrls,
                b.allowRemoteImages == null
                        ? RadioEmbeddingModelBuilder.DEFAULT_ALLOW_REMOTE_IMAGES
                        : b.allowRemoteImages,
                timeout,
                b.remoteImageFetcher);
        EncoderCalls calls = new EncoderCalls(
                sources,
                retry,
                b.maxItemsPerCall == null ? RadioEmbeddingModelBuilder.DEFAULT_MAX_ITEMS_PER_CALL : b.maxItemsPerCall);
        List<EmbeddingModelListener> listeners = b.listeners == null ? List.of() : List.copyOf(b.listeners);
        // Last: everything above may refuse a value, and a backend created earlier would leak.
        BackendChoice backend = createBackend
                ? BackendChoice.of(b.backend, b.tritonTargets, b.localRepository, b.embeddedRepository, b.embeddedTiny)
                : null;
        return new EmbeddingModelOptions(
                backend,
                calls,
                timeout,
                b.batchSize,
                b.resizeMode,
                b.preprocessor,
                b.executor,
                b.logRequests == null ? RadioEmbeddingModelBuilder.DEFAULT_LOG : b.logRequests,
                b.logResponses == null ? RadioEmbeddingModelBuilder.DEFAULT_LOG : b.logResponses,
                b.logger == null ? LoggerFactory.getLogger(model) : b.logger,
                listeners);
    }

    /**
     * Passes the settings the encoder shares with the model: the backend (behind the model's
     * retry), the timeout, the most
     * items per call (each slice is one encoder call), the batch size, resize mode (when set),
     * preprocessor and executor.
     */
    /** Closes the backend if the model created it. */
    void closeBackend() {
        if (backend != null) {
            backend.closeIfOwned();
        }
    }

    <E extends EncoderBuilder<E>> E configure(E encoder) {
        encoder.backend(calls.retrying(backend.backend()))
                .timeout(timeout)
                .maxItemsPerCall(calls.maxItemsPerCall())
                .resizeMode(resizeMode)
                .preprocessor(preprocessor)
                .executor(executor);
        if (batchSize != null) {
            encoder.batchSize(batchSize);
        }
        return encoder;
    }
}
