package io.radio4j.quarkus;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.encoder.SingleModelEncoderBuilder;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.text.SigLipTokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The radio-core encoders over the shared {@link InferenceBackend} bean, built on first use with the
 * {@code radio4j.limits.*} settings and the {@code radio4j.backend.deadline} as timeout, then
 * shared: every bean and route that asks for RADIO-CLIP gets the same encoder (and tokenizer). A
 * build that fails (backend down) is not cached, so the next call tries again and the application
 * recovers by itself. C-RADIO and RADIO1D encoders are kept per (model, resolution, resize mode) in
 * a small LRU ({@value #MAX_CACHED_ENCODERS} entries), because each resolution is a separate
 * preprocessing contract. Preprocessing runs on the application's {@link Preprocessing @Preprocessing}
 * executor when it has one, else on the calling thread. Thread-safe.
 */
@ApplicationScoped
public class RadioEncoders {

    /** Distinct (model, resolution, mode) encoders kept at once. */
    public static final int MAX_CACHED_ENCODERS = 16;

    @Inject
    InferenceBackend backend;

    @Inject
    Radio4jConfig config;

    @Inject
    @Preprocessing
    Instance<Executor> executors;

    private ImagePreprocessor preprocessor;
    private RadioClipEncoder clip;
    private SigLipTokenizer clipTokenizer;
    private final Map<Key, Object> byKey = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
            return size() > MAX_CACHED_ENCODERS;
        }
    };

    private record Key(String model, int height, int width, ResizeMode mode) {}

    /** The application's preprocessing executor, or null for the calling thread. */
    private Executor executor() {
        return executors.isResolvable() ? executors.get() : null;
    }

    /** The preprocessor with the configured byte and pixel limits. */
    public synchronized ImagePreprocessor preprocessor() {
        if (preprocessor == null) {
            preprocessor = ImagePreprocessor.builder()
                    .limits(ImageLimits.DEFAULTS
                            .withMaxImageBytes(config.limits().maxImageBytes())
                            .withMaxPixels(config.limits().maxImagePixels()))
                    .build();
        }
        return preprocessor;
    }

    /** RADIO-CLIP (texts and images at 224², center crop). */
    public RadioClipEncoder clip() {
        synchronized (this) {
            if (clip != null) {
                return clip;
            }
        }
        // Kept here too, to count usage tokens with the very same tokenizer (textTokens).
        byte[] json = backend.modelFile(RadioModels.RADIO_CLIP_TEXT, RadioModels.TOKENIZER_FILE)
                .orElseThrow(() -> new IllegalStateException("no " + RadioModels.TOKENIZER_FILE + " for "
                        + RadioModels.RADIO_CLIP_TEXT + " on " + backend.description()
                        + "; set radio4j.backend.repository to a local copy of the model repository"));
        SigLipTokenizer tokenizer = SigLipTokenizer.builder()
                .tokenizerJson(json)
                .maxTextChars(config.limits().maxTextChars())
                .build();
        RadioClipEncoder built = RadioClipEncoder.builder()
                .backend(backend)
                .preprocessor(preprocessor())
                .executor(executor())
                .tokenizer(tokenizer)
                .maxTextChars(config.limits().maxTextChars())
                .maxItemsPerCall(config.limits().maxItemsPerCall())
                .timeout(config.backend().deadline())
                .build();
        synchronized (this) {
            if (clip == null) {
                clip = built;
                clipTokenizer = tokenizer;
            } else {
                built.close();
                tokenizer.close();
            }
            return clip;
        }
    }

    /**
     * Tokens RADIO-CLIP's text tower reads for this text: its ids up to and including EOS, without
     * padding (so at most the context length, 64).
     */
    public int textTokens(String text) {
        clip();
        SigLipTokenizer tokenizer;
        synchronized (this) {
            tokenizer = clipTokenizer;
        }
        int n = 0;
        for (long id : tokenizer.tokenize(text)) {
            if (id != SigLipTokenizer.DEFAULT_PAD_ID) {
                n++;
            }
        }
        return n;
    }

    /** A C-RADIOv4 encoder at this resolution and resize mode. */
    public CRadioEncoder cradio(String model, int height, int width, ResizeMode mode) {
        return cached(new Key(model, height, width, mode), CRadioEncoder.class, CRadioEncoder.builder());
    }

    /** A RADIO1D encoder at this resolution and resize mode. */
    public Radio1dEncoder radio1d(int height, int width, ResizeMode mode) {
        return cached(
                new Key(RadioModels.RADIO1D_H, height, width, mode), Radio1dEncoder.class, Radio1dEncoder.builder());
    }

    /** The encoder cached under {@code key}, else one built with {@code builder} and cached. */
    private <B extends SingleModelEncoderBuilder<B, E>, E> E cached(Key key, Class<E> type, B builder) {
        synchronized (this) {
            Object cached = byKey.get(key);
            if (cached != null) {
                return type.cast(cached);
            }
        }
        // Built outside the lock: it reads model metadata over the network.
        E built = builder.backend(backend)
                .modelName(key.model())
                .preprocessor(preprocessor())
                .executor(executor())
                .resolution(key.height(), key.width())
                .resizeMode(key.mode())
                .maxItemsPerCall(config.limits().maxItemsPerCall())
                .timeout(config.backend().deadline())
                .verifyOnStart(false)
                .build();
        synchronized (this) {
            byKey.putIfAbsent(key, built);
            return type.cast(byKey.get(key));
        }
    }

    @PreDestroy
    synchronized void close() {
        if (clip != null) {
            clip.close();
            clipTokenizer.close();
        }
    }
}
