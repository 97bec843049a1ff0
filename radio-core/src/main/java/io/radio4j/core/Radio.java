package io.radio4j.core;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.model.RadioModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The shortest way in: one backend and the three RADIO encoders on it, with every default.
 *
 * <pre>{@code
 * try (Radio radio = Radio.embeddedTiny()) {              // or Radio.triton("gpu-host:8001")
 *     float[] summary = radio.cradio().summary(jpeg);
 *     VisualTokens tokens = radio.radio1d().tokens(jpeg, 64);
 *     float[] text = radio.clip().embedText("a photo of a cat");
 * }
 * }</pre>
 *
 * <p>Each encoder is built (and its model contract checked) on first use, then reused; build your
 * own with {@code CRadioEncoder.builder().backend(radio.backend())...} for other options.
 * Thread-safe. {@link #close()} closes the encoders and the backend when this object created it.
 */
public final class Radio implements AutoCloseable {

    private final InferenceBackend backend;
    private final boolean ownsBackend;
    private CRadioEncoder cradio;
    private Radio1dEncoder radio1d;
    private RadioClipEncoder clip;

    private Radio(InferenceBackend backend, boolean ownsBackend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.ownsBackend = ownsBackend;
    }

    /**
     * In-process inference (ONNX Runtime, CPU) over a Triton model repository folder of ONNX models.
     *
     * @throws BackendException if a model of the folder cannot be loaded
     */
    public static Radio embedded(Path repository) {
        return of(BackendSpec.embedded(repository));
    }

    /**
     * In-process inference over the tiny stand-in models (small widths, deterministic weights, the
     * real contracts) from the {@code io.radio4j:triton-model-repo} jar: for trying the API and for
     * tests, not for real features.
     *
     * @throws BackendException if that jar is not on the classpath
     */
    public static Radio embeddedTiny() {
        return of(BackendSpec.embeddedTiny());
    }

    /**
     * One or more Triton servers ({@code host:port}, gRPC), used round-robin. The RADIO-CLIP
     * tokenizer is not available over the protocol: for {@link #clip()} use
     * {@link #triton(List, Path)}.
     */
    public static Radio triton(String... targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("at least one target is required");
        }
        return of(BackendSpec.triton(targets));
    }

    /**
     * Triton servers as {@link #triton(String...)}, with a local copy of their model repository from
     * which {@link #clip()} reads the tokenizer ({@code radio_clip_text/tokenizer.json}).
     *
     * @throws IllegalArgumentException if no target is given or the folder does not exist
     */
    public static Radio triton(List<String> targets, Path localRepository) {
        return of(BackendSpec.builder()
                .kind(BackendSpec.Kind.TRITON)
                .targets(targets)
                .localRepository(localRepository)
                .build());
    }

    /**
     * Encoders over a backend created from this spec; {@link #close()} closes it.
     *
     * @throws IllegalArgumentException if a folder of the spec does not exist
     * @throws BackendException if an embedded model cannot be loaded
     */
    public static Radio of(BackendSpec spec) {
        return new Radio(spec.create(), true);
    }

    /** Encoders over a backend the caller owns (and closes). */
    public static Radio of(InferenceBackend backend) {
        return new Radio(backend, false);
    }

    /** The backend every encoder uses. */
    public InferenceBackend backend() {
        return backend;
    }

    /**
     * The C-RADIOv4-H encoder ({@value RadioModels#C_RADIO_V4_H}).
     *
     * @throws ModelContractException if the model does not have the contract
     * @throws BackendException if the model is unknown or the backend unreachable
     */
    public synchronized CRadioEncoder cradio() {
        if (cradio == null) {
            cradio = CRadioEncoder.builder().backend(backend).build();
        }
        return cradio;
    }

    /**
     * The RADIO1D encoder ({@value RadioModels#RADIO1D_H}).
     *
     * @throws ModelContractException if the model does not have the contract
     * @throws BackendException if the model is unknown or the backend unreachable
     */
    public synchronized Radio1dEncoder radio1d() {
        if (radio1d == null) {
            radio1d = Radio1dEncoder.builder().backend(backend).build();
        }
        return radio1d;
    }

    /**
     * The RADIO-CLIP encoder ({@value RadioModels#RADIO_CLIP_VISION} and {@value RadioModels#RADIO_CLIP_TEXT}).
     *
     * @throws ModelContractException if a model does not have its contract
     * @throws RadioException if the backend cannot provide the tokenizer
     * @throws BackendException if a model is unknown or the backend unreachable
     */
    public synchronized RadioClipEncoder clip() {
        if (clip == null) {
            clip = RadioClipEncoder.builder().backend(backend).build();
        }
        return clip;
    }

    @Override
    public synchronized void close() {
        if (clip != null) {
            clip.close();
        }
        if (ownsBackend) {
            backend.close();
        }
    }
}
