package io.radio4j.quarkus;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.langchain.RadioImageEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The radio4j CDI beans of a Quarkus application, from {@link Radio4jConfig}:
 *
 * <ul>
 *   <li>{@link InferenceBackend} (singleton, closed at shutdown): the {@link BackendSpec} the
 *       {@code radio4j.backend.*} keys describe, wrapped by the application's {@link BackendWrapper}
 *       when it has one;</li>
 *   <li>{@link RadioClipEncoder}, {@link CRadioEncoder} (C-RADIOv4-H at 512², squash) and
 *       {@link Radio1dEncoder} (512², squash): the shared instances of {@link RadioEncoders};</li>
 *   <li>{@link EmbeddingModel}: RADIO-CLIP for LangChain4j (texts and images in one space), wrapping
 *       the very {@link RadioClipEncoder} bean, so RADIO-CLIP is built once per application;</li>
 *   <li>{@link RadioImageEmbeddingModel}: C-RADIOv4-H summaries for LangChain4j (images only).</li>
 * </ul>
 *
 * <p>Encoders and models are built on first use, not at startup; when the backend is down that use
 * fails and the next one tries again. The embedding models never retry (the caller decides), never
 * read {@code file:} URLs nor fetch {@code http(s):} images (requests may come from untrusted
 * callers), and bound each call by {@code radio4j.backend.deadline}; build your own from the
 * {@link InferenceBackend} or encoder beans for other choices.
 */
@Dependent
public class RadioBeans {

    private static final Logger LOG = Logger.getLogger(RadioBeans.class);

    /**
     * The backend the configuration describes.
     *
     * @throws IllegalStateException if {@code radio4j.backend.kind=triton} comes without addresses
     * @throws IllegalArgumentException if a configured folder does not exist
     */
    public static BackendSpec spec(Radio4jConfig.Backend b) {
        BackendSpec.Builder spec = BackendSpec.builder().kind(b.kind());
        switch (b.kind()) {
            case EMBEDDED -> spec.repository(b.repository().orElse(null)).concurrency(b.embeddedConcurrency());
            case TRITON -> {
                List<String> targets = b.tritonAddresses()
                        .filter(l -> !l.isEmpty())
                        .orElseThrow(() -> new IllegalStateException(
                                "radio4j.backend.kind=triton needs radio4j.backend.triton-addresses (host:port,...)"));
                spec.targets(targets)
                        .localRepository(b.repository().orElse(null))
                        .tls(b.tritonTls())
                        .trustedCertificates(b.tritonTrustedCertificates().orElse(null))
                        // Metadata, configuration and health calls too: none may outlast the deadline.
                        .deadline(b.deadline())
                        .maxReconnectBackoff(b.maxReconnectBackoff());
            }
        }
        return spec.build();
    }

    @Produces
    @Singleton
    InferenceBackend backend(Radio4jConfig config, Instance<BackendWrapper> wrappers) {
        InferenceBackend backend = spec(config.backend()).create();
        LOG.infof(
                "inference backend: %s (deadline %s)",
                backend.description(), config.backend().deadline());
        if (!wrappers.isResolvable()) {
            return backend;
        }
        try {
            return wrappers.get().wrap(backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    void closeBackend(@Disposes InferenceBackend backend) {
        backend.close();
    }

    /** The shared RADIO-CLIP encoder (closed by {@link RadioEncoders}). */
    @Produces
    RadioClipEncoder clipEncoder(RadioEncoders encoders) {
        return encoders.clip();
    }

    /** The shared C-RADIOv4-H encoder at its default resolution and resize mode. */
    @Produces
    CRadioEncoder cradioEncoder(RadioEncoders encoders) {
        return encoders.cradio(
                CRadioEncoder.DEFAULT_MODEL_NAME,
                CRadioEncoder.DEFAULT_RESOLUTION,
                CRadioEncoder.DEFAULT_RESOLUTION,
                CRadioEncoder.DEFAULT_RESIZE_MODE);
    }

    /** The shared RADIO1D encoder at its default resolution and resize mode. */
    @Produces
    Radio1dEncoder radio1dEncoder(RadioEncoders encoders) {
        return encoders.radio1d(
                Radio1dEncoder.DEFAULT_RESOLUTION,
                Radio1dEncoder.DEFAULT_RESOLUTION,
                Radio1dEncoder.DEFAULT_RESIZE_MODE);
    }

    /**
     * RADIO-CLIP as a LangChain4j embedding model over the shared encoder (which it does not close);
     * the encoder's deadline applies, and the backend chain makes no retries.
     */
    @Produces
    @ApplicationScoped
    EmbeddingModel clipEmbeddingModel(RadioEncoders encoders, Radio4jConfig config) {
        return RadioClipEmbeddingModel.builder()
                .encoder(encoders.clip())
                .maxImageBytes(config.limits().maxImageBytes())
                .allowFileUrls(false)
                .allowRemoteImages(false)
                .maxItemsPerCall(config.limits().maxItemsPerCall())
                .build();
    }

    /**
     * C-RADIOv4-H summaries as a LangChain4j embedding model; typed as this class only, so that
     * {@code @Inject EmbeddingModel} stays RADIO-CLIP.
     */
    @Produces
    @Singleton
    @Typed(RadioImageEmbeddingModel.class)
    RadioImageEmbeddingModel imageEmbeddingModel(
            InferenceBackend backend,
            RadioEncoders encoders,
            Radio4jConfig config,
            @Preprocessing Instance<Executor> executors) {
        RadioImageEmbeddingModel.Builder b = RadioImageEmbeddingModel.builder()
                .backend(backend)
                .preprocessor(encoders.preprocessor())
                .timeout(config.backend().deadline())
                .maxRetries(0)
                .maxImageBytes(config.limits().maxImageBytes())
                .allowFileUrls(false)
                .allowRemoteImages(false)
                .maxItemsPerCall(config.limits().maxItemsPerCall());
        if (executors.isResolvable()) {
            b.executor(executors.get());
        }
        return b.build();
    }

    void closeImageEmbeddingModel(@Disposes RadioImageEmbeddingModel model) {
        model.close();
    }
}
