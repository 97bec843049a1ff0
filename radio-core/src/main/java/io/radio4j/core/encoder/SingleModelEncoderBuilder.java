package io.radio4j.core.encoder;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.model.ModelContractException;
import java.util.function.Function;

/**
 * The settings of an encoder that runs one model ({@link CRadioEncoder}, {@link Radio1dEncoder}),
 * besides those of {@link EncoderBuilder}: its name and the start-up check. Not thread-safe.
 *
 * @param <B> the concrete builder
 * @param <E> the encoder it builds
 */
public abstract sealed class SingleModelEncoderBuilder<B extends SingleModelEncoderBuilder<B, E>, E>
        extends EncoderBuilder<B> permits CRadioEncoder.Builder, Radio1dEncoder.Builder {

    /** Default of {@link #verifyOnStart(boolean)}: the start-up check runs. */
    public static final boolean DEFAULT_VERIFY_ON_START = true;

    private final String defaultModelName;
    private final Function<B, E> encoder;
    private String modelName;
    private boolean verifyOnStart = DEFAULT_VERIFY_ON_START;

    SingleModelEncoderBuilder(String defaultModelName, Function<B, E> encoder) {
        this.defaultModelName = defaultModelName;
        this.encoder = encoder;
    }

    /** Model name; default the encoder's {@code DEFAULT_MODEL_NAME}. */
    public B modelName(String modelName) {
        this.modelName = modelName;
        return self();
    }

    /**
     * Whether building sends one blank image at the configured resolution and checks the answer's
     * shapes, which metadata alone cannot show (e.g. prefix tokens counted in the output, or a
     * different number of them); default {@value #DEFAULT_VERIFY_ON_START}.
     */
    public B verifyOnStart(boolean verifyOnStart) {
        this.verifyOnStart = verifyOnStart;
        return self();
    }

    /**
     * Reads and checks the model's contract, then runs the start-up check unless turned off.
     *
     * @throws NullPointerException if no backend was given
     * @throws ModelContractException if the model does not have the encoder's contract or fails the start-up check
     * @throws RadioInputException if the resolution is not accepted by the model
     * @throws IllegalArgumentException if the batch size exceeds the model's or a square mode gets a non-square resolution
     * @throws BackendException if the model is unknown or the backend unreachable
     */
    public E build() {
        return encoder.apply(self());
    }

    final String modelName() {
        return modelName == null ? defaultModelName : modelName;
    }

    final boolean verifyOnStart() {
        return verifyOnStart;
    }

    @SuppressWarnings("unchecked") // sealed: every subclass is declared as SingleModelEncoderBuilder<itself>
    private B self() {
        return (B) this;
    }
}
