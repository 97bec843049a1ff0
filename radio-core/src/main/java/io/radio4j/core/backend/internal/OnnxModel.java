package io.radio4j.core.backend.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelSchema;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.server.KServeCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded model of the embedded backend: its Triton configuration and its ONNX Runtime session.
 * Requests are checked against the configuration with Triton's rules and messages before they reach
 * the session, so the embedded backend refuses what a Triton server would refuse.
 *
 * <p>Thread-safe: ONNX Runtime sessions allow concurrent {@code run} calls.
 */
public final class OnnxModel implements ServedModel {

    private final String name;
    private final String version;
    private final ModelConfig config;
    private final ModelSchema schema;
    private final OrtSession session;
    /** Passed to every run: the config's {@link OrtMemoryOptions}; null when it sets none. */
    private final OrtSession.RunOptions runOptions;

    private final OrtEnvironment env;
    private final Map<String, ModelInput> inputs = new LinkedHashMap<>();
    private final Map<String, ModelOutput> outputs = new LinkedHashMap<>();
    private final Set<String> graphInputNames;
    private final ModelStats stats = new ModelStats();

    /**
     * Wraps a session and checks it against the configuration: every configured tensor exists in the
     * graph with the same element type and a compatible shape, and every graph input without a
     * default value is configured. Takes ownership of the session and of {@code runOptions} (the
     * config's {@link OrtMemoryOptions}, or null), closing both when closed.
     *
     * @throws BackendException {@link Reason#INVALID_MODEL} naming the first disagreement; the
     *     session and run options are closed then
     */
    public OnnxModel(
            String name,
            String version,
            ModelConfig config,
            OrtEnvironment env,
            OrtSession session,
            OrtSession.RunOptions runOptions) {
        this.name = name;
        this.version = version;
        this.config = config;
        this.schema = RequestCheck.schema(config);
        this.env = env;
        this.session = session;
        this.runOptions = runOptions;
        config.getInputList().forEach(in -> inputs.put(in.getName(), in));
        config.getOutputList().forEach(out -> outputs.put(out.getName(), out));
        this.graphInputNames = Set.copyOf(session.getInputNames());
        try {
            checkAgainstGraph();
        } catch (BackendException | OrtException e) {
            closeQuietly();
            if (e instanceof BackendException be) {
                throw be;
            }
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': cannot read the graph's tensors: " + e.getMessage(),
                    e);
        }
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public String platform() {
        return "onnxruntime_onnx";
    }

    private void checkAgainstGraph() throws OrtException {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        Map<String, NodeInfo> graphOutputs = session.getOutputInfo();
        for (ModelInput in : inputs.values()) {
            checkTensor(
                    "input",
                    in.getName(),
                    KServeCodec.dataType(in.getDataType()),
                    ModelConfigs.fullShape(config, in.getDimsList()),
                    graphInputs);
        }
        for (ModelOutput out : outputs.values()) {
            checkTensor(
                    "output",
                    out.getName(),
                    KServeCodec.dataType(out.getDataType()),
                    ModelConfigs.fullShape(config, out.getDimsList()),
                    graphOutputs);
        }
        for (String graphInput : graphInputs.keySet()) {
            if (!inputs.containsKey(graphInput)) {
                throw new BackendException(
                        Reason.INVALID_MODEL,
                        "model '" + name + "': the graph needs input '" + graphInput
                                + "', which config.pbtxt does not declare; configured inputs: " + inputs.keySet());
            }
        }
    }

    private void checkTensor(
            String kind, String tensor, DataType configType, long[] configShape, Map<String, NodeInfo> graph) {
        NodeInfo info = graph.get(tensor);
        if (info == null) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': config.pbtxt declares " + kind + " '" + tensor
                            + "', which the ONNX graph does not have; graph " + kind + "s: " + graph.keySet());
        }
        if (!(info.getInfo() instanceof TensorInfo tensorInfo)) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': " + kind + " '" + tensor + "' is not a tensor in the graph");
        }
        DataType graphType = OnnxTypes.toTriton(tensorInfo.onnxType);
        if (graphType != configType) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': " + kind + " '" + tensor + "' is " + configType.configName()
                            + " in config.pbtxt but " + tensorInfo.onnxType + " in the graph");
        }
        long[] graphShape = tensorInfo.getShape();
        boolean compatible = graphShape.length == configShape.length;
        for (int i = 0; compatible && i < graphShape.length; i++) {
            compatible = graphShape[i] < 0 || configShape[i] < 0 || graphShape[i] == configShape[i];
        }
        if (!compatible) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': " + kind + " '" + tensor + "' has shape "
                            + ModelConfigs.format(configShape) + " in config.pbtxt (batch dimension included) but "
                            + ModelConfigs.format(graphShape) + " in the graph");
        }
    }

    /**
     * Checks a request the way Triton's core does (names, datatypes, shapes, batch size, required
     * inputs, requested outputs).
     *
     * @throws BackendException {@link Reason#INVALID_REQUEST} with Triton's wording
     */
    public void validate(InferRequest request) {
        RequestCheck.validate(schema, request);
        for (InferInput input : request.inputs()) {
            // Past Triton's checks: a datatype the protocol allows but ONNX Runtime's Java API cannot make.
            if (OnnxTypes.toJava(input.dataType()) == null) {
                throw invalid("input '" + input.name() + "' of model '" + name + "' has datatype " + input.dataType()
                        + ", which the embedded backend cannot pass to ONNX Runtime");
            }
        }
    }

    /** This model's cumulative statistics, in Triton's shape. */
    public ModelStatistics statistics() {
        return stats.snapshot(name, version);
    }

    /**
     * Validates and runs a request on the calling thread.
     *
     * @param acceptedNanos {@link System#nanoTime()} when the backend accepted the request (queue time starts)
     * @throws BackendException INVALID_REQUEST for a bad request, INTERNAL when ONNX Runtime fails
     */
    public InferResult run(InferRequest request, long acceptedNanos) {
        long start = System.nanoTime();
        try {
            return runTimed(request, acceptedNanos, start);
        } catch (RuntimeException e) {
            stats.failure(System.nanoTime() - acceptedNanos);
            throw e;
        }
    }

    private InferResult runTimed(InferRequest request, long acceptedNanos, long start) {
        validate(request);
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (InferInput input : request.inputs()) {
                ByteBuffer data = ByteBuffer.allocateDirect(input.byteSize()).order(ByteOrder.nativeOrder());
                data.put(input.data()).flip();
                OnnxJavaType type = OnnxTypes.toJava(input.dataType());
                feeds.put(input.name(), OnnxTensor.createTensor(env, data, input.shape(), type));
            }
            feedOmittedOptionalInputs(request, feeds);
            Set<String> wanted = new LinkedHashSet<>();
            if (request.outputs().isEmpty()) {
                wanted.addAll(outputs.keySet());
            } else {
                request.outputs().forEach(out -> wanted.add(out.name()));
            }
            long inputsReady = System.nanoTime();
            try (OrtSession.Result result =
                    runOptions == null ? session.run(feeds, wanted) : session.run(feeds, wanted, runOptions)) {
                long inferred = System.nanoTime();
                List<InferOutput> produced = new ArrayList<>(wanted.size());
                for (String outputName : wanted) {
                    produced.add(toOutput(outputName, result.get(outputName).orElseThrow()));
                }
                long batch = config.getMaxBatchSize() > 0
                        ? request.inputs().getFirst().shape()[0]
                        : 1;
                stats.success(batch, acceptedNanos, start, inputsReady, inferred);
                return new InferResult(name, version, request.id(), Map.of(), produced);
            }
        } catch (OrtException e) {
            throw new BackendException(
                    Reason.INTERNAL, "ONNX Runtime failed on model '" + name + "': " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Triton simply leaves an omitted optional input out. ONNX graphs, however, cannot mark an input
     * optional in a way ONNX Runtime's Java API can use (an input with a default is an initializer it
     * cannot leave unfed), so an optional input the graph still requires gets a tensor filled with
     * its type's largest value: for a count such as RADIO1D's {@code num_tokens} that means "all".
     */
    private void feedOmittedOptionalInputs(InferRequest request, Map<String, OnnxTensor> feeds) throws OrtException {
        long batch =
                request.inputs().isEmpty() ? 1 : request.inputs().getFirst().shape()[0];
        for (ModelInput in : inputs.values()) {
            if (feeds.containsKey(in.getName()) || !graphInputNames.contains(in.getName())) {
                continue;
            }
            long[] shape = ModelConfigs.fullShape(config, in.getDimsList());
            if (config.getMaxBatchSize() > 0) {
                shape[0] = batch;
            }
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw invalid("optional input '" + in.getName() + "' of model '" + name
                            + "' has a variable shape, so the embedded backend cannot fill it in; send it");
                }
                count *= d;
            }
            DataType type = KServeCodec.dataType(in.getDataType());
            ByteBuffer data =
                    ByteBuffer.allocateDirect((int) (count * type.byteSize())).order(ByteOrder.nativeOrder());
            for (long i = 0; i < count; i++) {
                switch (type) {
                    case INT32 -> data.putInt(Integer.MAX_VALUE);
                    case INT64 -> data.putLong(Long.MAX_VALUE);
                    case INT16 -> data.putShort(Short.MAX_VALUE);
                    case INT8 -> data.put(Byte.MAX_VALUE);
                    case UINT8 -> data.put((byte) 0xFF);
                    default ->
                        throw invalid("optional input '" + in.getName() + "' of model '" + name + "' is " + type
                                + "; the embedded backend can only fill in integer inputs, so send it");
                }
            }
            feeds.put(in.getName(), OnnxTensor.createTensor(env, data.flip(), shape, OnnxTypes.toJava(type)));
        }
    }

    private InferOutput toOutput(String outputName, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new BackendException(
                    Reason.INTERNAL, "model '" + name + "' output '" + outputName + "' is not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        DataType type = OnnxTypes.toTriton(info.onnxType);
        if (type == null || type == DataType.BYTES) {
            throw new BackendException(
                    Reason.INTERNAL,
                    "model '" + name + "' output '" + outputName + "' has element type " + info.onnxType
                            + ", which the embedded backend cannot return");
        }
        ByteBuffer bytes = tensor.getByteBuffer().order(ByteOrder.nativeOrder());
        // Wire tensors are little-endian; on the (little-endian) platforms ONNX Runtime ships for
        // this is the native order, so the copy ONNX Runtime made is used as is.
        return new InferOutput(outputName, type, info.getShape(), bytes.order(ByteOrder.LITTLE_ENDIAN), Map.of());
    }

    private static BackendException invalid(String message) {
        return new BackendException(Reason.INVALID_REQUEST, message);
    }

    private void closeQuietly() {
        if (runOptions != null) {
            runOptions.close();
        }
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing; the original error is the one to report.
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
