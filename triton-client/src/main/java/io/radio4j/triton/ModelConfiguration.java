package io.radio4j.triton;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's configuration ({@code config.pbtxt}, as the server completed it): what callers of this
 * client read from Triton's {@code ModelConfig} message, as immutable values. Fields of the
 * message it does not carry (optimization, warmup, sequence batching, rate limiting, ...) are
 * available through the raw protocol: the generated stub
 * {@code io.radio4j.triton.protocol.GRPCInferenceServiceGrpc.newBlockingStub(channel)} on a channel
 * given to {@link TritonClient.Builder#channel}.
 *
 * <p>Dims are per item: for a batching model ({@code maxBatchSize > 0}) the batch dimension is
 * implicit, as in {@code config.pbtxt}. Lists and maps are copied; thread-safe.
 *
 * @param name model name
 * @param platform e.g. {@code onnxruntime_onnx}, {@code tensorrt_plan}, {@code ensemble}; {@code ""} when unset
 * @param backend e.g. {@code onnxruntime}, {@code python}; {@code ""} when unset
 * @param maxBatchSize 0 when the model does not batch, else the largest batch
 * @param inputs the inputs in configuration order
 * @param outputs the outputs in configuration order
 * @param parameters the {@code parameters} map ({@code string_value} of each entry)
 * @param dynamicBatching the dynamic batcher, or null when the model has none
 * @param instanceGroups the instance groups
 * @param ensembleSteps the ensemble's steps; empty unless {@code platform} is {@code ensemble}
 * @param defaultModelFilename the model file name, {@code ""} for the backend's default
 */
public record ModelConfiguration(
        String name,
        String platform,
        String backend,
        int maxBatchSize,
        List<Input> inputs,
        List<Output> outputs,
        Map<String, String> parameters,
        DynamicBatching dynamicBatching,
        List<InstanceGroup> instanceGroups,
        List<EnsembleStep> ensembleSteps,
        String defaultModelFilename) {

    /**
     * Copies collections; null strings become {@code ""}, null collections empty.
     *
     * @throws IllegalArgumentException if {@code name} is null or {@code maxBatchSize} is negative
     */
    public ModelConfiguration {
        if (name == null) {
            throw new IllegalArgumentException("model name must be non-null");
        }
        if (maxBatchSize < 0) {
            throw new IllegalArgumentException("max_batch_size must be >= 0, got " + maxBatchSize);
        }
        platform = Objects.requireNonNullElse(platform, "");
        backend = Objects.requireNonNullElse(backend, "");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        parameters = ordered(parameters);
        instanceGroups = instanceGroups == null ? List.of() : List.copyOf(instanceGroups);
        ensembleSteps = ensembleSteps == null ? List.of() : List.copyOf(ensembleSteps);
        defaultModelFilename = Objects.requireNonNullElse(defaultModelFilename, "");
    }

    // Insertion order is kept (configuration order) so that a configuration reads and travels the same each time.
    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The input called {@code name}, or null. */
    public Input input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    /** The output called {@code name}, or null. */
    public Output output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    /** The value of parameter {@code key}, or null. */
    public String parameter(String key) {
        return parameters.get(key);
    }

    /**
     * A model input.
     *
     * @param name tensor name
     * @param dataType element type
     * @param dims per-item dimensions, -1 where variable
     * @param optional whether a request may leave it out
     * @param shapeTensor whether it is a shape tensor (its dims never carry the batch)
     */
    public record Input(String name, DataType dataType, List<Long> dims, boolean optional, boolean shapeTensor) {
        /** Copies dims. @throws NullPointerException if name, datatype or dims is null */
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            dims = List.copyOf(dims);
        }

        /** A required, non-shape-tensor input. */
        public Input(String name, DataType dataType, List<Long> dims) {
            this(name, dataType, dims, false, false);
        }
    }

    /**
     * A model output.
     *
     * @param name tensor name
     * @param dataType element type
     * @param dims per-item dimensions, -1 where variable
     * @param labelFilename file beside the model naming its classes (classification extension), {@code ""} if none
     */
    public record Output(String name, DataType dataType, List<Long> dims, String labelFilename) {
        /** Copies dims. @throws NullPointerException if name, datatype or dims is null */
        public Output {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            dims = List.copyOf(dims);
            labelFilename = Objects.requireNonNullElse(labelFilename, "");
        }

        /** An output without labels. */
        public Output(String name, DataType dataType, List<Long> dims) {
            this(name, dataType, dims, "");
        }
    }

    /**
     * Triton's dynamic batcher settings.
     *
     * @param preferredBatchSizes batch sizes the batcher aims for; empty for none
     * @param maxQueueDelayMicroseconds how long a request may wait for others
     * @param preserveOrdering whether responses keep the requests' order
     * @param priorityLevels number of priority levels, 0 for none
     * @param defaultPriorityLevel level of a request that gives none
     */
    public record DynamicBatching(
            List<Integer> preferredBatchSizes,
            long maxQueueDelayMicroseconds,
            boolean preserveOrdering,
            long priorityLevels,
            long defaultPriorityLevel) {
        /** Copies the list (null as empty). */
        public DynamicBatching {
            preferredBatchSizes = preferredBatchSizes == null ? List.of() : List.copyOf(preferredBatchSizes);
        }
    }

    /**
     * An instance group: how many copies of the model run, and where.
     *
     * @param name group name, {@code ""} when unset
     * @param kind where the instances run
     * @param count number of instances (0 when unset: the server's default)
     * @param gpus GPU ids for {@link Kind#GPU}; empty for all
     */
    public record InstanceGroup(String name, Kind kind, int count, List<Integer> gpus) {
        /** Copies the list; null name as {@code ""}, null kind as {@link Kind#AUTO}. */
        public InstanceGroup {
            name = Objects.requireNonNullElse(name, "");
            kind = Objects.requireNonNullElse(kind, Kind.AUTO);
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }

        /** Where an instance group runs (Triton's {@code KIND_*}). */
        public enum Kind {
            AUTO,
            GPU,
            CPU,
            MODEL
        }
    }

    /**
     * One step of an ensemble.
     *
     * @param modelName the model the step runs
     * @param modelVersion its version, -1 for the latest
     * @param inputMap the step model's input name to the ensemble tensor feeding it
     * @param outputMap the step model's output name to the ensemble tensor it produces
     */
    public record EnsembleStep(
            String modelName, long modelVersion, Map<String, String> inputMap, Map<String, String> outputMap) {
        /** Copies the maps. @throws NullPointerException if the model name is null */
        public EnsembleStep {
            Objects.requireNonNull(modelName, "modelName");
            inputMap = ordered(inputMap);
            outputMap = ordered(outputMap);
        }
    }
}
