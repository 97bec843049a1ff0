package io.radio4j.triton;

/**
 * One entry of the model repository index.
 *
 * @param name model name
 * @param version version, {@code ""} if the model is not loaded
 * @param state e.g. {@code "READY"}, {@code "UNAVAILABLE"}, {@code "LOADING"}; {@code ""} if unknown
 * @param reason why it is in that state, {@code ""} if nothing to say
 */
public record RepositoryModel(String name, String version, String state, String reason) {

    /**
     * Null texts become empty.
     *
     * @throws IllegalArgumentException if the name is null
     */
    public RepositoryModel {
        if (name == null) {
            throw new IllegalArgumentException("model name is null");
        }
        version = version == null ? "" : version;
        state = state == null ? "" : state;
        reason = reason == null ? "" : reason;
    }

    /** Whether the state is {@code READY}. */
    public boolean isReady() {
        return "READY".equals(state);
    }
}
