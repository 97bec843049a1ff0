package io.radio4j.core.backend;

import java.util.List;

/**
 * Loading and unloading models of a backend's repository while it runs, as Triton does in its
 * explicit model-control mode ({@code --model-control-mode=explicit}). {@link KServeServer} serves
 * it as {@code RepositoryIndex}, {@code RepositoryModelLoad} and {@code RepositoryModelUnload}.
 */
public interface ModelRepositoryControl {

    /** Every model of the repository, by name, with each known version's state. */
    List<ModelIndexEntry> repositoryIndex();

    /**
     * Loads (or reloads) a model from the repository, optionally with a configuration that
     * replaces its {@code config.pbtxt}, given as Triton's load API takes it: the JSON form of the
     * model configuration (e.g. {@code {"max_batch_size": 2, "input": [...]}}).
     *
     * @param configJson the configuration to use instead of the repository's, or null
     * @throws BackendException {@link BackendException.Reason#MODEL_NOT_FOUND} when the repository
     *     has no such model, {@link BackendException.Reason#INVALID_MODEL} when it cannot be loaded
     *     (the model is then unavailable, with the failure as its index reason); INVALID_MODEL
     *     too when {@code configJson} is not a model configuration
     */
    void loadModel(String model, String configJson);

    /** Unloads a model; unknown or already unloaded models are left as they are. */
    void unloadModel(String model);
}
