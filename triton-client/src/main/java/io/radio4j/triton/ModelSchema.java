package io.radio4j.triton;

import io.radio4j.triton.internal.ByteTensors;
import io.radio4j.triton.internal.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model accepts: its tensors and its {@code max_batch_size}. It builds correctly shaped and
 * typed inputs so callers do not repeat shapes, and checks a request before it is sent, with
 * messages in Triton's words.
 *
 * <p>Shapes here are as on the wire: for a batching model ({@code maxBatchSize > 0}) the first
 * dimension is the batch, -1 in {@link #inputs()}. Immutable and thread-safe.
 */
public final class ModelSchema {
    private final String modelName;
    private final String modelVersion;
    private final int maxBatchSize;
    private final List<TensorMetadata> inputs;
    private final List<TensorMetadata> outputs;
    private final Set<String> optionalInputs;

    private ModelSchema(
            String modelName,
            String modelVersion,
            int maxBatchSize,
            List<TensorMetadata> inputs,
            List<TensorMetadata> outputs,
            Set<String> optionalInputs) {
        if (maxBatchSize < 0) {
            throw new IllegalArgumentException("max_batch_size must be >= 0, got " + maxBatchSize);
        }
        this.modelName = modelName;
        this.modelVersion = modelVersion == null ? "" : modelVersion;
        this.maxBatchSize = maxBatchSize;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.optionalInputs = Set.copyOf(optionalInputs);
    }

    /**
     * A schema from the server's metadata (whose shapes already carry the leading -1 of a batching
     * model) and the configuration's {@code max_batch_size}.
     *
     * @throws IllegalArgumentException if {@code maxBatchSize > 0} but an input's shape has no leading -1
     */
    public static ModelSchema of(ModelMetadata metadata, int maxBatchSize, String modelVersion) {
        if (maxBatchSize > 0) {
            for (TensorMetadata input : metadata.inputs()) {
                long[] shape = input.shape();
                if (shape.length == 0 || shape[0] != -1) {
                    throw new IllegalArgumentException(
                            "model '" + metadata.name() + "' batches (max_batch_size " + maxBatchSize + ") but input '"
                                    + input.name() + "' has no batch dimension: " + Shapes.format(shape));
                }
            }
        }
        return new ModelSchema(
                metadata.name(), modelVersion, maxBatchSize, metadata.inputs(), metadata.outputs(), Set.of());
    }

    /** A schema from a model configuration alone (e.g. a config.pbtxt read from disk). */
    public static ModelSchema of(ModelConfiguration config) {
        int maxBatch = config.maxBatchSize();
        List<TensorMetadata> ins = new ArrayList<>();
        Set<String> optional = new HashSet<>();
        for (ModelConfiguration.Input input : config.inputs()) {
            ins.add(new TensorMetadata(input.name(), input.dataType(), withBatch(maxBatch, input.dims())));
            if (input.optional()) {
                optional.add(input.name());
            }
        }
        List<TensorMetadata> outs = new ArrayList<>();
        for (ModelConfiguration.Output output : config.outputs()) {
            outs.add(new TensorMetadata(output.name(), output.dataType(), withBatch(maxBatch, output.dims())));
        }
        return new ModelSchema(config.name(), "", maxBatch, ins, outs, optional);
    }

    private static long[] withBatch(int maxBatch, List<Long> dims) {
        long[] shape = new long[dims.size() + (maxBatch > 0 ? 1 : 0)];
        int offset = 0;
        if (maxBatch > 0) {
            shape[0] = -1;
            offset = 1;
        }
        for (int i = 0; i < dims.size(); i++) {
            shape[i + offset] = dims.get(i);
        }
        return shape;
    }

    /** The model this schema describes. */
    public String modelName() {
        return modelName;
    }

    /** The version requests are built for, {@code ""} for the server's choice. */
    public String modelVersion() {
        return modelVersion;
    }

    /** 0 if the model does not batch, else the largest batch. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** Inputs, shapes as on the wire (leading -1 batch dimension for a batching model). */
    public List<TensorMetadata> inputs() {
        return inputs;
    }

    /** Outputs, shapes as on the wire. */
    public List<TensorMetadata> outputs() {
        return outputs;
    }

    /**
     * The input called {@code name}.
     *
     * @throws TritonException INVALID_ARGUMENT (client side) naming the model's inputs if unknown
     */
    public TensorMetadata input(String name) {
        for (TensorMetadata input : inputs) {
            if (input.name().equals(name)) {
                return input;
            }
        }
        throw invalid("unexpected inference input '" + name + "' for model '" + modelName + "'");
    }

    /** A request builder with this model's name and version filled in. */
    public InferRequest.Builder newRequest() {
        return InferRequest.builder().modelName(modelName).modelVersion(modelVersion);
    }

    /**
     * An input of the model's datatype from raw little-endian bytes (no copy), its shape inferred:
     * variable dimensions are not allowed, and for a batching model the batch size is the byte count
     * divided by the bytes of one item.
     *
     * @throws TritonException INVALID_ARGUMENT (client side) when the shape cannot be inferred or the
     *     bytes do not fit
     */
    public InferInput input(String name, ByteBuffer littleEndianData) {
        TensorMetadata tensor = input(name);
        if (!tensor.dataType().isFixedSize()) {
            return inputOf(tensor, inferShape(tensor, ByteTensors.count(littleEndianData)), littleEndianData);
        }
        long bytesPerElement = tensor.dataType().byteSize();
        if (littleEndianData.remaining() % bytesPerElement != 0) {
            throw invalid("input '" + name + "' for model '" + modelName + "' is " + tensor.dataType() + " but "
                    + littleEndianData.remaining() + " bytes are not a whole number of " + bytesPerElement
                    + "-byte elements");
        }
        return inputOf(tensor, inferShape(tensor, littleEndianData.remaining() / bytesPerElement), littleEndianData);
    }

    /**
     * An input with an explicit wire shape (required when the model has variable dimensions).
     *
     * @throws TritonException INVALID_ARGUMENT (client side) if shape or bytes do not fit the model
     */
    public InferInput input(String name, long[] shape, ByteBuffer littleEndianData) {
        TensorMetadata tensor = input(name);
        checkShape(tensor, shape);
        if (maxBatchSize > 0) {
            checkBatch(shape[0]);
        }
        return inputOf(tensor, shape, littleEndianData);
    }

    /**
     * An input from floats, converted to the model's datatype (FP32, FP16, BF16 or FP64), shape inferred.
     *
     * @throws TritonException INVALID_ARGUMENT (client side) if the model's input is not floating point
     */
    public InferInput floats(String name, float[] values) {
        TensorMetadata tensor = input(name);
        long[] shape = inferShape(tensor, values.length);
        return switch (tensor.dataType()) {
            case FP32 -> InferInput.ofFloats(name, shape, values);
            case FP16 -> InferInput.ofFloatsAsFp16(name, shape, values);
            case BF16 -> InferInput.ofFloatsAsBf16(name, shape, values);
            case FP64 -> {
                double[] doubles = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    doubles[i] = values[i];
                }
                yield InferInput.ofDoubles(name, shape, doubles);
            }
            default -> throw wrongType(tensor, "floats");
        };
    }

    /**
     * An input from longs, converted to the model's integer datatype (INT64 or INT32, range-checked), shape inferred.
     *
     * @throws TritonException INVALID_ARGUMENT (client side) for another datatype or a value out of INT32 range
     */
    public InferInput longs(String name, long[] values) {
        TensorMetadata tensor = input(name);
        long[] shape = inferShape(tensor, values.length);
        return switch (tensor.dataType()) {
            case INT64 -> InferInput.ofInt64(name, shape, values);
            case INT32 -> {
                int[] ints = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                        throw invalid("value " + values[i] + " at index " + i + " does not fit INT32 input '" + name
                                + "' of model '" + modelName + "'");
                    }
                    ints[i] = (int) values[i];
                }
                yield InferInput.ofInt32(name, shape, ints);
            }
            default -> throw wrongType(tensor, "longs");
        };
    }

    /** A BYTES input of UTF-8 strings, shape inferred. @throws TritonException if the input is not BYTES */
    public InferInput strings(String name, List<String> values) {
        TensorMetadata tensor = input(name);
        if (tensor.dataType() != DataType.BYTES) {
            throw wrongType(tensor, "strings");
        }
        return InferInput.ofStrings(name, inferShape(tensor, values.size()), values);
    }

    /**
     * Checks a request against the model as Triton's core does ({@code src/infer_request.cc}
     * {@code Normalize} and {@code ValidateRequestInputs}), in its order and with its texts: model
     * name, known inputs, datatypes, shapes (rank and fixed dimensions, batch dimension present),
     * one batch size across inputs within {@code 1..max_batch_size}, required inputs present, and
     * requested outputs that exist. Byte sizes are checked by {@link InferInput} itself.
     *
     * @return the request's batch size (1 for a model that does not batch)
     * @throws TritonException INVALID_ARGUMENT (client side) describing the first problem
     */
    public long validate(InferRequest request) {
        if (!request.modelName().equals(modelName)) {
            throw invalid(
                    "request is for model '" + request.modelName() + "' but this schema is for '" + modelName + "'");
        }
        Set<String> given = new LinkedHashSet<>();
        long batch = -1;
        for (InferInput input : request.inputs()) {
            TensorMetadata tensor = input(input.name());
            given.add(input.name());
            if (input.dataType() != tensor.dataType()) {
                throw invalid("inference input '" + input.name() + "' data-type is '"
                        + input.dataType().wireName() + "', but model '" + modelName + "' expects '"
                        + tensor.dataType().wireName() + "'");
            }
            long[] shape = input.shape();
            checkShape(tensor, shape);
            if (maxBatchSize > 0) {
                if (batch >= 0 && shape[0] != batch) {
                    throw invalid("input '" + input.name() + "' has batch size " + shape[0] + " but other inputs have "
                            + batch + " for model '" + modelName + "'");
                }
                batch = shape[0];
            }
        }
        if (maxBatchSize > 0) {
            checkBatch(batch);
        }
        List<String> missing = new ArrayList<>();
        for (TensorMetadata tensor : inputs) {
            if (!given.contains(tensor.name()) && !optionalInputs.contains(tensor.name())) {
                missing.add(tensor.name());
            }
        }
        if (!missing.isEmpty()) {
            // Triton's wording (core infer_request.cc ValidateRequestInputs), without its request-id prefix.
            throw invalid("expected " + inputs.size() + " inputs but got " + given.size() + " inputs for model '"
                    + modelName + "'. Got input(s) " + quoted(given) + ", but missing required input(s) "
                    + quoted(missing)
                    + ". Please provide all required input(s).");
        }
        for (RequestedOutput output : request.outputs()) {
            if (outputs.stream().noneMatch(t -> t.name().equals(output.name()))) {
                throw invalid("unexpected inference output '" + output.name() + "' for model '" + modelName + "'");
            }
        }
        return maxBatchSize > 0 ? batch : 1;
    }

    private static String quoted(Collection<String> names) {
        return "[" + String.join(",", names.stream().map(n -> "'" + n + "'").toList()) + "]";
    }

    private void checkShape(TensorMetadata tensor, long[] shape) {
        long[] expected = tensor.shape();
        for (long dim : shape) {
            if (dim < 0) {
                throw invalid("All input dimensions should be specified for input '" + tensor.name() + "' for model '"
                        + modelName + "', got " + Shapes.format(shape));
            }
        }
        boolean matches = shape.length == expected.length;
        for (int i = 0; matches && i < shape.length; i++) {
            matches = expected[i] == -1 || expected[i] == shape[i];
        }
        if (!matches) {
            String note = maxBatchSize > 0
                    ? ". NOTE: Setting a non-zero max_batch_size in the model config requires a batch dimension to be"
                            + " prepended to each input shape"
                    : "";
            throw invalid("unexpected shape for input '" + tensor.name() + "' for model '" + modelName + "'. Expected "
                    + Shapes.format(expected) + ", got " + Shapes.format(shape) + note);
        }
    }

    /** Triton's text (core infer_request.cc Normalize); a batch of 0 has no Triton text of its own. */
    private void checkBatch(long batch) {
        if (maxBatchSize > 0 && batch < 1) {
            throw invalid("inference request batch-size must be >= 1 for '" + modelName + "'");
        }
        if (maxBatchSize > 0 && batch > maxBatchSize) {
            throw invalid("inference request batch-size must be <= " + maxBatchSize + " for '" + modelName + "'");
        }
    }

    private long[] inferShape(TensorMetadata tensor, long elements) {
        long[] shape = tensor.shape();
        int first = maxBatchSize > 0 ? 1 : 0;
        long perItem = 1;
        int variable = -1;
        for (int i = first; i < shape.length; i++) {
            if (shape[i] >= 0) {
                perItem = Math.multiplyExact(perItem, shape[i]);
            } else if (variable < 0 && maxBatchSize == 0) {
                variable = i; // one variable dimension of an unbatched input follows from the element count
            } else {
                throw invalid("input '" + tensor.name() + "' of model '" + modelName + "' has variable dimensions "
                        + Shapes.format(shape) + "; give the shape explicitly");
            }
        }
        if (maxBatchSize == 0) {
            if (variable >= 0 && perItem > 0 && elements % perItem == 0) {
                shape[variable] = elements / perItem;
                return shape;
            }
            if (elements != perItem || variable >= 0) {
                throw invalid("input '" + tensor.name() + "' of model '" + modelName + "' needs "
                        + (variable >= 0 ? "a multiple of " : "") + perItem + " elements for shape "
                        + Shapes.format(shape)
                        + ", got " + elements);
            }
            return shape;
        }
        if (perItem == 0 || elements % perItem != 0 || elements == 0) {
            throw invalid("input '" + tensor.name() + "' of model '" + modelName + "': " + elements
                    + " elements are not a whole, non-zero number of items of "
                    + Shapes.format(Arrays.copyOfRange(shape, 1, shape.length)));
        }
        shape[0] = elements / perItem;
        checkBatch(shape[0]);
        return shape;
    }

    private InferInput inputOf(TensorMetadata tensor, long[] shape, ByteBuffer data) {
        try {
            return new InferInput(
                    tensor.name(), tensor.dataType(), shape, data.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage() + " for model '" + modelName + "'");
        }
    }

    private TritonException wrongType(TensorMetadata tensor, String what) {
        return invalid("input '" + tensor.name() + "' of model '" + modelName + "' is " + tensor.dataType()
                + "; it cannot be built from " + what);
    }

    private TritonException invalid(String message) {
        return TritonException.invalidRequest(modelName, modelVersion, message);
    }

    @Override
    public String toString() {
        return "ModelSchema[" + modelName + ", max_batch_size=" + maxBatchSize + ", inputs=" + inputs + ", outputs="
                + outputs + "]";
    }
}
