package io.radio4j.quarkus;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.encoder.SharedEncoders;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;

/**
 * The radio-core encoders over the shared {@link InferenceBackend} bean: radio-core's
 * {@link SharedEncoders} as a CDI bean, with the {@code radio4j.limits.*} settings, the
 * {@code radio4j.backend.deadline} as timeout, and the application's {@link Preprocessing
 * @Preprocessing} executor when it has one (else the calling thread). Each encoder is built on first
 * use and then shared: every bean and route that asks for RADIO-CLIP gets the same encoder (and
 * tokenizer). A build that fails (backend down) is not cached, so the next call tries again. C-RADIO
 * and RADIO1D encoders are kept per (model, resolution, resize mode) in a small LRU
 * ({@value #MAX_CACHED_ENCODERS} entries). Thread-safe.
 */
@ApplicationScoped
public class RadioEncoders {

    /** Distinct (model, resolution, mode) encoders kept at once. */
    public static final int MAX_CACHED_ENCODERS = SharedEncoders.MAX_CACHED_ENCODERS;

    @Inject
    InferenceBackend backend;

    @Inject
    Radio4jConfig config;

    @Inject
    @Preprocessing
    Instance<Executor> executors;

    private SharedEncoders shared;

    @PostConstruct
    void init() {
        shared = new SharedEncoders(
                backend, RadioBeans.settings(config), executors.isResolvable() ? executors.get() : null);
    }

    /** The radio-core registry behind this bean (for {@code SharedEmbeddingModels}). */
    public SharedEncoders shared() {
        return shared;
    }

    /** The preprocessor with the configured byte and pixel limits. */
    public ImagePreprocessor preprocessor() {
        return shared.preprocessor();
    }

    /** RADIO-CLIP (texts and images at 224², center crop). */
    public RadioClipEncoder clip() {
        return shared.clip();
    }

    /**
     * Tokens RADIO-CLIP's text tower reads for this text: its ids up to and including EOS, without
     * padding (so at most the context length, 64).
     */
    public int textTokens(String text) {
        return shared.textTokens(text);
    }

    /** A C-RADIOv4 encoder at this resolution and resize mode. */
    public CRadioEncoder cradio(String model, int height, int width, ResizeMode mode) {
        return shared.cradio(model, height, width, mode);
    }

    /** A RADIO1D encoder at this resolution and resize mode. */
    public Radio1dEncoder radio1d(int height, int width, ResizeMode mode) {
        return shared.radio1d(height, width, mode);
    }

    @PreDestroy
    void close() {
        shared.close();
    }
}
