package io.radio4j.core.encoder;

/**
 * The settings of an encoder that runs one model ({@link CRadioEncoder}, {@link Radio1dEncoder}),
 * besides those of {@link EncoderBuilder}: its name and the start-up check. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract sealed class SingleModelEncoderBuilder<B extends SingleModelEncoderBuilder<B>> extends EncoderBuilder<B>
        permits CRadioEncoder.Builder, Radio1dEncoder.Builder {

    /** Default of {@link #verifyOnStart(boolean)}: the start-up check runs. */
    public static final boolean DEFAULT_VERIFY_ON_START = true;

    private final String defaultModelName;
    private String modelName;
    private boolean verifyOnStart = DEFAULT_VERIFY_ON_START;

    SingleModelEncoderBuilder(String defaultModelName) {
        this.defaultModelName = defaultModelName;
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
