package io.radio4j.core.encoder;

import io.radio4j.core.RadioSettings;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.text.SigLipTokenizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The encoders of one application over one {@link InferenceBackend}, built on first use with the
 * {@link RadioSettings.Limits} and the {@link RadioSettings.Backend#deadline() deadline} as timeout,
 * then shared: everything that asks for RADIO-CLIP gets the same encoder (and tokenizer). The
 * Quarkus and Spring Boot modules expose one instance as a bean.
 *
 * <p>A build that fails (backend down) is not cached, so the next call tries again and the
 * application recovers by itself. C-RADIO and RADIO1D encoders are kept per (model, resolution,
 * resize mode) in a small LRU ({@value #MAX_CACHED_ENCODERS} entries), because each resolution is a
 * separate preprocessing contract. Preprocessing runs on the given executor, or on the calling
 * thread when it is null. Thread-safe. {@link #close()} frees the RADIO-CLIP tokenizer; the
 * backend stays the caller's.
 *
 * <pre>{@code
 * try (InferenceBackend backend = settings.backend().spec().create();
 *         SharedEncoders encoders = new SharedEncoders(backend, settings, null)) {
 *     float[] text = encoders.clip().embedText("a photo of a cat");
 * }
 * }</pre>
 */
public final class SharedEncoders implements AutoCloseable {

    /** Distinct (model, resolution, mode) encoders kept at once. */
    public static final int MAX_CACHED_ENCODERS = 16;

    private final InferenceBackend backend;
    private final RadioSettings settings;
    private final Executor executor;

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

    /**
     * @param backend the backend every encoder uses (not closed by this object)
     * @param settings the limits and the deadline the encoders apply
     * @param executor where images are decoded and texts tokenized, or null for the calling thread
     */
    public SharedEncoders(InferenceBackend backend, RadioSettings settings, Executor executor) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = executor;
    }

    /** The backend every encoder uses. */
    public InferenceBackend backend() {
        return backend;
    }

    /** The settings the encoders apply. */
    public RadioSettings settings() {
        return settings;
    }

    /** The preprocessing executor, or null for the calling thread. */
    public Executor executor() {
        return executor;
    }

    /** The preprocessor with the configured byte and pixel limits. */
    public synchronized ImagePreprocessor preprocessor() {
        if (preprocessor == null) {
            preprocessor = ImagePreprocessor.builder()
                    .limits(ImageLimits.DEFAULTS
                            .withMaxImageBytes(settings.limits().maxImageBytes())
                            .withMaxPixels(settings.limits().maxImagePixels()))
                    .build();
        }
        return preprocessor;
    }

    /**
     * RADIO-CLIP (texts and images at 224², center crop).
     *
     * @throws IllegalStateException if the backend has no {@code tokenizer.json} for the text tower
     */
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
                .maxTextChars(settings.limits().maxTextChars())
                .build();
        RadioClipEncoder built = RadioClipEncoder.builder()
                .backend(backend)
                .preprocessor(preprocessor())
                .executor(executor)
                .tokenizer(tokenizer)
                .maxTextChars(settings.limits().maxTextChars())
                .maxItemsPerCall(settings.limits().maxItemsPerCall())
                .timeout(settings.backend().deadline())
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

    /** C-RADIOv4-H at its default resolution and resize mode (512², squash). */
    public CRadioEncoder cradio() {
        return cradio(
                CRadioEncoder.DEFAULT_MODEL_NAME,
                CRadioEncoder.DEFAULT_RESOLUTION,
                CRadioEncoder.DEFAULT_RESOLUTION,
                CRadioEncoder.DEFAULT_RESIZE_MODE);
    }

    /** A C-RADIOv4 encoder at this resolution and resize mode. */
    public CRadioEncoder cradio(String model, int height, int width, ResizeMode mode) {
        return cached(new Key(model, height, width, mode), CRadioEncoder.class, CRadioEncoder.builder());
    }

    /** RADIO1D at its default resolution and resize mode (512², squash). */
    public Radio1dEncoder radio1d() {
        return radio1d(
                Radio1dEncoder.DEFAULT_RESOLUTION,
                Radio1dEncoder.DEFAULT_RESOLUTION,
                Radio1dEncoder.DEFAULT_RESIZE_MODE);
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
                .executor(executor)
                .resolution(key.height(), key.width())
                .resizeMode(key.mode())
                .maxItemsPerCall(settings.limits().maxItemsPerCall())
                .timeout(settings.backend().deadline())
                .verifyOnStart(false)
                .build();
        synchronized (this) {
            byKey.putIfAbsent(key, built);
            return type.cast(byKey.get(key));
        }
    }

    /** Frees the RADIO-CLIP encoder and its tokenizer; the backend stays open. */
    @Override
    public synchronized void close() {
        if (clip != null) {
            clip.close();
            clipTokenizer.close();
            clip = null;
            clipTokenizer = null;
        }
    }
}
