package io.radio4j.quarkus;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.radio4j.core.RadioSettings;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.langchain.RadioImageEmbeddingModel;
import io.radio4j.langchain.SharedEmbeddingModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
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
     * The configuration as radio-core's plain settings, which hold every default and check every
     * value.
     *
     * @throws IllegalArgumentException naming the key, if a limit, a duration or the concurrency is
     *     not positive
     */
    public static RadioSettings settings(Radio4jConfig config) {
        return new RadioSettings(backendSettings(config.backend()), limits(config.limits()));
    }

    private static RadioSettings.Backend backendSettings(Radio4jConfig.Backend b) {
        return new RadioSettings.Backend(
                b.kind(),
                b.repository().orElse(null),
                b.tritonAddresses().orElse(null),
                b.tritonTls(),
                b.tritonTrustedCertificates().orElse(null),
                b.deadline(),
                b.maxReconnectBackoff(),
                b.embeddedConcurrency());
    }

    private static RadioSettings.Limits limits(Radio4jConfig.Limits l) {
        return new RadioSettings.Limits(l.maxItemsPerCall(), l.maxTextChars(), l.maxImageBytes(), l.maxImagePixels());
    }

    /**
     * The backend the configuration describes ({@link RadioSettings.Backend#spec()}).
     *
     * @throws IllegalStateException if {@code radio4j.backend.kind=triton} comes without addresses
     * @throws IllegalArgumentException if a configured folder does not exist, or a value is not
     *     positive
     */
    public static BackendSpec spec(Radio4jConfig.Backend b) {
        return backendSettings(b).spec();
    }

    @Produces
    @Singleton
    InferenceBackend backend(Radio4jConfig config, Instance<BackendWrapper> wrappers) {
        InferenceBackend backend = settings(config).backend().spec().create();
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
        return encoders.shared().cradio();
    }

    /** The shared RADIO1D encoder at its default resolution and resize mode. */
    @Produces
    Radio1dEncoder radio1dEncoder(RadioEncoders encoders) {
        return encoders.shared().radio1d();
    }

    /**
     * RADIO-CLIP as a LangChain4j embedding model over the shared encoder (which it does not close);
     * the encoder's deadline applies, and the backend chain makes no retries.
     */
    @Produces
    @ApplicationScoped
    EmbeddingModel clipEmbeddingModel(RadioEncoders encoders) {
        return SharedEmbeddingModels.clip(encoders.shared());
    }

    /**
     * C-RADIOv4-H summaries as a LangChain4j embedding model; typed as this class only, so that
     * {@code @Inject EmbeddingModel} stays RADIO-CLIP.
     */
    @Produces
    @Singleton
    @Typed(RadioImageEmbeddingModel.class)
    RadioImageEmbeddingModel imageEmbeddingModel(RadioEncoders encoders) {
        return SharedEmbeddingModels.image(encoders.shared());
    }

    void closeImageEmbeddingModel(@Disposes RadioImageEmbeddingModel model) {
        model.close();
    }
}
