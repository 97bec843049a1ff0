package io.radio4j.triton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One inference request: the model, its inputs, which outputs to return and per-request options.
 * Immutable and thread-safe; build with {@link #builder()}, derive variants with {@link #toBuilder()}.
 * The same request may be sent any number of times.
 *
 * <p>Defaults: model version {@code ""} (the server picks by version policy), every output, no
 * request id, priority 0 (the model's default), no queue timeout, no deadline of its own (the
 * client's default deadline applies), no extra headers, {@link Compression#NONE}.
 */
public final class InferRequest {

    /**
     * Parameter keys Triton reserves for itself; custom parameters may not use them or the
     * {@code triton_} prefix (source: Triton {@code docs/protocol/extension_parameters.md}).
     */
    public static final Set<String> RESERVED_PARAMETERS = Set.of(
            "sequence_id", "sequence_start", "sequence_end", "priority", "timeout", "headers", "binary_data_output");

    private final String modelName;
    private final String modelVersion;
    private final List<InferInput> inputs;
    private final List<RequestedOutput> outputs;
    private final String id;
    private final long priority;
    private final Duration timeout;
    private final long sequenceId;
    private final boolean sequenceStart;
    private final boolean sequenceEnd;
    private final Map<String, Object> parameters;
    private final Duration deadline;
    private final Map<String, String> headers;
    private final Compression compression;

    private InferRequest(Builder builder) {
        if (builder.modelName == null || builder.modelName.isBlank()) {
            throw new IllegalArgumentException("model name is blank");
        }
        this.modelName = builder.modelName;
        this.modelVersion = builder.modelVersion == null ? "" : builder.modelVersion;
        if (builder.inputs.isEmpty()) {
            throw new IllegalArgumentException("request for model '" + modelName + "' has no inputs");
        }
        this.inputs = List.copyOf(builder.inputs);
        checkUniqueInputs();
        this.outputs = List.copyOf(builder.outputs);
        this.id = builder.id == null ? "" : builder.id;
        if (builder.priority < 0) {
            throw new IllegalArgumentException("priority must be >= 0 (0 = model default), got " + builder.priority);
        }
        this.priority = builder.priority;
        if (builder.timeout != null && (builder.timeout.isNegative() || builder.timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + builder.timeout);
        }
        this.timeout = builder.timeout;
        this.sequenceId = builder.sequenceId;
        this.sequenceStart = builder.sequenceStart;
        this.sequenceEnd = builder.sequenceEnd;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
        if (builder.deadline != null && (builder.deadline.isNegative() || builder.deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive, got " + builder.deadline);
        }
        this.deadline = builder.deadline;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.compression = builder.compression == null ? Compression.NONE : builder.compression;
    }

    private void checkUniqueInputs() {
        Set<String> seen = new java.util.HashSet<>();
        for (InferInput input : inputs) {
            if (!seen.add(input.name())) {
                throw new IllegalArgumentException(
                        "input '" + input.name() + "' is given twice for model '" + modelName + "'");
            }
        }
    }

    /** A new builder with the defaults listed on this class. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with every field of this request. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.modelName = modelName;
        builder.modelVersion = modelVersion;
        builder.inputs.addAll(inputs);
        builder.outputs.addAll(outputs);
        builder.id = id;
        builder.priority = priority;
        builder.timeout = timeout;
        builder.sequenceId = sequenceId;
        builder.sequenceStart = sequenceStart;
        builder.sequenceEnd = sequenceEnd;
        builder.parameters.putAll(parameters);
        builder.deadline = deadline;
        builder.headers.putAll(headers);
        builder.compression = compression;
        return builder;
    }

    /** The model to run. */
    public String modelName() {
        return modelName;
    }

    /** The model version, {@code ""} for the server's choice. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The inputs, in the order sent. */
    public List<InferInput> inputs() {
        return inputs;
    }

    /** Requested outputs; empty means all. */
    public List<RequestedOutput> outputs() {
        return outputs;
    }

    /** The request id echoed in the response and in Triton's error messages, {@code ""} if none. */
    public String id() {
        return id;
    }

    /** Scheduling priority: 0 = model default, 1 = highest. */
    public long priority() {
        return priority;
    }

    /** Triton's queue timeout ({@code timeout} parameter, sent in microseconds), or null. */
    public Duration timeout() {
        return timeout;
    }

    /** Sequence correlation id, 0 for none. */
    public long sequenceId() {
        return sequenceId;
    }

    /** Whether this request starts its sequence. */
    public boolean sequenceStart() {
        return sequenceStart;
    }

    /** Whether this request ends its sequence. */
    public boolean sequenceEnd() {
        return sequenceEnd;
    }

    /** Custom parameters passed to the backend: values are Boolean, Long, String or Double. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /**
     * The gRPC deadline for this call, counted from when it is sent, or null to use the client's
     * default. A caller with a deadline of its own (radio-core's encoders, a retry) stamps each
     * request with the time left of it, so one deadline covers the whole call.
     */
    public Duration deadline() {
        return deadline;
    }

    /** Extra gRPC metadata for this call (e.g. an auth token), added to the client's headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Compression of the request message. */
    public Compression compression() {
        return compression;
    }

    /** Bytes of tensor data in this request. */
    public long inputByteSize() {
        long total = 0;
        for (InferInput input : inputs) {
            total += input.byteSize();
        }
        return total;
    }

    @Override
    public String toString() {
        return "InferRequest[model=" + modelName + (modelVersion.isEmpty() ? "" : ":" + modelVersion)
                + (id.isEmpty() ? "" : ", id=" + id) + ", inputs=" + inputs + ", outputs=" + outputs + "]";
    }

    /** Builder of {@link InferRequest}; not thread-safe. */
    public static final class Builder {
        private String modelName;
        private String modelVersion = "";
        private final List<InferInput> inputs = new ArrayList<>();
        private final List<RequestedOutput> outputs = new ArrayList<>();
        private String id = "";
        private long priority;
        private Duration timeout;
        private long sequenceId;
        private boolean sequenceStart;
        private boolean sequenceEnd;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private Duration deadline;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Compression compression = Compression.NONE;

        private Builder() {}

        /** Required. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** Version number as a string; null or {@code ""} lets the server choose. */
        public Builder modelVersion(String modelVersion) {
            this.modelVersion = modelVersion;
            return this;
        }

        /** Adds an input. At least one is required; names must be unique. */
        public Builder input(InferInput input) {
            if (input == null) {
                throw new IllegalArgumentException("input is null");
            }
            inputs.add(input);
            return this;
        }

        /** Replaces the inputs. */
        public Builder inputs(List<InferInput> inputs) {
            this.inputs.clear();
            inputs.forEach(this::input);
            return this;
        }

        /** Requests one output by name (raw tensor). */
        public Builder output(String name) {
            return output(RequestedOutput.of(name));
        }

        /** Requests one output. */
        public Builder output(RequestedOutput output) {
            if (output == null) {
                throw new IllegalArgumentException("requested output is null");
            }
            outputs.add(output);
            return this;
        }

        /** Replaces the requested outputs; an empty list asks for all. */
        public Builder outputs(List<RequestedOutput> outputs) {
            this.outputs.clear();
            outputs.forEach(this::output);
            return this;
        }

        /** The request id, echoed in the response and in Triton's error messages; default none. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** 0 = the model's default priority, 1 = highest; must be &gt;= 0. */
        public Builder priority(long priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Triton's per-request queue timeout, honoured by the dynamic batcher when the model allows
         * timeout overrides. Not the gRPC deadline: see {@link #deadline(Duration)}.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sequence-batching correlation id (0 = none) and flags. */
        public Builder sequence(long sequenceId, boolean start, boolean end) {
            this.sequenceId = sequenceId;
            this.sequenceStart = start;
            this.sequenceEnd = end;
            return this;
        }

        /**
         * Adds a custom parameter passed to the backend.
         *
         * @param value a Boolean, Integer, Long, String or Double
         * @throws IllegalArgumentException for a reserved key, a {@code triton_} prefix or another type
         */
        public Builder parameter(String key, Object value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("parameter key is blank");
            }
            if (RESERVED_PARAMETERS.contains(key)
                    || key.toLowerCase(Locale.ROOT).startsWith("triton_")) {
                throw new IllegalArgumentException(
                        "parameter '" + key + "' is reserved by Triton; use the builder's dedicated method");
            }
            if (value instanceof Integer integer) {
                value = integer.longValue();
            }
            if (!(value instanceof Boolean
                    || value instanceof Long
                    || value instanceof String
                    || value instanceof Double)) {
                throw new IllegalArgumentException(
                        "parameter '" + key + "' must be a Boolean, Long, String or Double, got "
                                + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            parameters.put(key, value);
            return this;
        }

        /**
         * gRPC deadline of this call, counted from when it is sent (each send of the same request
         * starts it afresh); null uses the client's default. Past it the call is cancelled and fails
         * with DEADLINE_EXCEEDED.
         */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Adds a gRPC metadata header for this call (keys are lower-cased by gRPC). */
        public Builder header(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("header key and value must be non-null, key non-blank");
            }
            headers.put(key, value);
            return this;
        }

        /** Compression of the request message; default {@link Compression#NONE}. */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException if the model name is blank, there is no input, an input
         *     name repeats, or priority, timeout or deadline is out of range
         */
        public InferRequest build() {
            return new InferRequest(this);
        }
    }
}
