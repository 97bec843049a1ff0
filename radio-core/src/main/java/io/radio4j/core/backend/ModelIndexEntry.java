package io.radio4j.core.backend;

import java.util.Objects;

/**
 * One row of a model repository's index, as Triton's {@code RepositoryIndex} reports it: a model
 * that was never loaded has an empty version, state and reason; a loaded or unloaded one has its
 * version with state {@code READY}, {@code UNAVAILABLE} (reason {@code unloaded}, or why loading
 * failed) or {@code LOADING}.
 *
 * @param name the model name
 * @param version the version, or {@code ""}
 * @param state {@code READY}, {@code UNAVAILABLE}, {@code LOADING}, {@code UNLOADING} or {@code ""}
 * @param reason why the version is not ready, or {@code ""}
 */
public record ModelIndexEntry(String name, String version, String state, String reason) {

    /** Triton's state of a loaded version. */
    public static final String READY = "READY";
    /** Triton's state of an unloaded version or one that failed to load. */
    public static final String UNAVAILABLE = "UNAVAILABLE";

    public ModelIndexEntry {
        Objects.requireNonNull(name, "name");
        version = Objects.requireNonNullElse(version, "");
        state = Objects.requireNonNullElse(state, "");
        reason = Objects.requireNonNullElse(reason, "");
    }

    /** A model of the repository that was never loaded. */
    public static ModelIndexEntry notLoaded(String name) {
        return new ModelIndexEntry(name, "", "", "");
    }
}
