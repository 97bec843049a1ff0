package io.radio4j.core.backend.internal;

import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.protocol.InferParameter;
import io.radio4j.triton.protocol.InferTensorContents;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.server.KServeCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Turns a {@code ModelInferRequest} for a known model into a backend request with Triton's checks,
 * in Triton's order and with Triton's texts. The order (each step stops at its first error):
 *
 * <ol>
 *   <li>request parameters (server {@code src/grpc/infer_handler.cc} {@code SetInferenceRequestMetadata}),
 *       then duplicate inputs and duplicate requested outputs (core {@code src/infer_request.cc}
 *       {@code AddOriginalInput}, {@code AddOriginalRequestedOutput});</li>
 *   <li>each input's data: shared memory, typed contents or raw contents (server
 *       {@code InferGRPCToInput}, {@code InferGRPCToInputHelper}, {@code src/grpc/grpc_utils.h}
 *       {@code ParseSharedMemoryParams});</li>
 *   <li>each requested output's shared memory and classification parameters (server
 *       {@code src/grpc/infer_handler.h} {@code InferAllocatorPayload}, {@code grpc_utils.cc}
 *       {@code ParseClassificationParams});</li>
 *   <li>core {@code InferenceRequest::Normalize}: requested outputs exist (sorted, as its
 *       {@code std::set}), input count ({@code ValidateRequestInputs}), input names and batch
 *       dimension, batch size, then per input datatype, shape and byte size or BYTES framing
 *       ({@code ValidateBytesInputs}).</li>
 * </ol>
 *
 * Triton keeps inputs in an {@code unordered_map}, so with several faulty inputs which one it
 * reports is unspecified; this class reports the first in request order.
 */
public final class TritonRequests {

    /** Triton's whitelist of {@code triton_}-prefixed request parameters (server {@code src/common.h}). */
    public static final List<String> RESERVED_TRITON_PARAMETERS = List.of("triton_enable_empty_final_response");

    /** Where an output goes when it is not returned in the message. */
    public record OutputPlan(Map<String, ByteBuffer> sharedMemory, Map<String, Integer> classification) {}

    /** A checked request: what the backend runs and what the server does with the outputs. */
    public record Parsed(InferRequest request, OutputPlan outputs) {}

    private TritonRequests() {}

    /**
     * Triton's {@code GetModelVersionFromString} (server {@code src/common.cc}): empty means the
     * latest ready version (-1); otherwise {@code std::stol} semantics (leading blanks, sign,
     * digits; anything after the digits is ignored).
     */
    public static long parseVersion(String version) {
        if (version.isEmpty()) {
            return -1;
        }
        int i = 0;
        while (i < version.length() && Character.isWhitespace(version.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < version.length() && (version.charAt(i) == '+' || version.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < version.length() && version.charAt(i) >= '0' && version.charAt(i) <= '9') {
            i++;
        }
        long value;
        try {
            if (i == digits) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(version.substring(start, i));
        } catch (NumberFormatException e) {
            throw TritonError.invalid("failed to get model version from specified version string '" + version
                    + "' (details: stol), version should be an integral value > 0");
        }
        if (value < 0) {
            throw TritonError.invalid(
                    "invalid model version specified '" + version + "' , version should be an integral value > 0");
        }
        return value;
    }

    /**
     * Checks and converts a request for a model with this configuration.
     *
     * @param shm the registered shared-memory regions
     * @throws TritonError with Triton's code and text for the first problem
     */
    public static Parsed parse(ModelInferRequest proto, ModelConfig config, SharedMemoryRegions shm) {
        String model = proto.getModelName();
        String prefix = "[request id: " + (proto.getId().isEmpty() ? "<id_unknown>" : proto.getId()) + "] ";
        InferRequest.Builder builder = InferRequest.builder()
                .modelName(model)
                .modelVersion(proto.getModelVersion())
                .id(proto.getId());
        readParameters(proto.getParametersMap(), builder);

        Set<String> names = new HashSet<>();
        for (ModelInferRequest.InferInputTensor t : proto.getInputsList()) {
            if (!names.add(t.getName())) {
                throw TritonError.invalid(prefix + "input '" + t.getName() + "' already exists in request");
            }
        }
        Set<String> requested = new TreeSet<>();
        for (ModelInferRequest.InferRequestedOutputTensor o : proto.getOutputsList()) {
            if (!requested.add(o.getName())) {
                throw TritonError.invalid(prefix + "output '" + o.getName() + "' already exists in request");
            }
        }

        List<ByteBuffer> data = readInputData(proto, shm);
        OutputPlan plan = readOutputPlan(proto, shm);

        // core InferenceRequest::Normalize
        Map<String, ModelInput> declared = new LinkedHashMap<>();
        config.getInputList().forEach(in -> declared.put(in.getName(), in));
        Set<String> outputNames = new HashSet<>();
        config.getOutputList().forEach(o -> outputNames.add(o.getName()));
        for (String out : requested) {
            if (!outputNames.contains(out)) {
                throw TritonError.invalid("unexpected inference output '" + out + "' for model '" + model + "'");
            }
        }
        checkInputCount(proto, config, prefix);
        int maxBatch = config.getMaxBatchSize();
        long batch = 0;
        for (ModelInferRequest.InferInputTensor t : proto.getInputsList()) {
            ModelInput in = declared.get(t.getName());
            if (in == null) {
                throw TritonError.invalid("unexpected inference input '" + t.getName() + "' for model '" + model + "'");
            }
            if (maxBatch == 0 || in.getIsShapeTensor()) {
                continue;
            }
            if (t.getShapeCount() == 0) {
                throw TritonError.invalid(prefix + "input '" + t.getName()
                        + "' has no shape but model requires batch dimension for '" + model + "'");
            }
            if (batch == 0) {
                batch = t.getShape(0);
            } else if (t.getShape(0) != batch) {
                throw TritonError.invalid(prefix + "input '" + t.getName()
                        + "' batch size does not match other inputs for '" + model + "'");
            }
        }
        if (batch > maxBatch) {
            throw TritonError.invalid(
                    prefix + "inference request batch-size must be <= " + maxBatch + " for '" + model + "'");
        }
        for (int i = 0; i < proto.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor t = proto.getInputs(i);
            ModelInput in = declared.get(t.getName());
            String wire = wireName(t.getDatatype());
            String expected = KServeCodec.dataType(in.getDataType()).wireName();
            if (!wire.equals(expected)) {
                throw TritonError.invalid(prefix + "inference input '" + t.getName() + "' data-type is '" + wire
                        + "', but model '" + model + "' expects '" + expected + "'");
            }
            long[] full = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            checkShape(t.getName(), model, full, in, maxBatch, prefix);
            ByteBuffer bytes = data.get(i);
            DataType type = DataType.fromWireName(wire);
            if (type == DataType.BYTES) {
                checkBytes(t.getName(), model, full, bytes, prefix);
            } else {
                long elements = 1;
                for (long d : full) {
                    elements *= d;
                }
                long expectedBytes = elements * type.byteSize();
                if (bytes.remaining() != expectedBytes) {
                    throw TritonError.invalid(prefix + "input byte size mismatch for input '" + t.getName()
                            + "' for model '" + model + "'. Expected " + expectedBytes + ", got " + bytes.remaining());
                }
            }
            try {
                builder.input(InferInput.ofRaw(
                        t.getName(), type, full, bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN)));
            } catch (IllegalArgumentException e) {
                // Triton accepts a final string element shorter than its length says; radio4j does not.
                throw TritonError.invalid(prefix + e.getMessage());
            }
        }
        for (ModelInferRequest.InferRequestedOutputTensor o : proto.getOutputsList()) {
            builder.output(new RequestedOutput(o.getName(), 0));
        }
        try {
            return new Parsed(builder.build(), plan);
        } catch (IllegalArgumentException e) {
            throw TritonError.invalid(prefix + e.getMessage());
        }
    }

    /** Triton's protocol name of a datatype string, {@code <invalid>} for an unknown one. */
    static String wireName(String datatype) {
        try {
            return DataType.fromWireName(datatype).wireName();
        } catch (IllegalArgumentException e) {
            return "<invalid>";
        }
    }

    private static void readParameters(Map<String, InferParameter> parameters, InferRequest.Builder builder) {
        for (Map.Entry<String, InferParameter> e : parameters.entrySet()) {
            String key = e.getKey();
            InferParameter p = e.getValue();
            InferParameter.ParameterChoiceCase kind = p.getParameterChoiceCase();
            switch (key) {
                case "sequence_id" -> {
                    if (kind != InferParameter.ParameterChoiceCase.INT64_PARAM
                            && kind != InferParameter.ParameterChoiceCase.STRING_PARAM) {
                        throw TritonError.invalid(
                                "invalid value type for 'sequence_id' parameter, expected int64_param or string_param.");
                    }
                }
                case "sequence_start", "sequence_end" -> {
                    if (kind != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
                        throw TritonError.invalid(
                                "invalid value type for '" + key + "' parameter, expected bool_param.");
                    }
                }
                case "priority" -> {
                    if (kind == InferParameter.ParameterChoiceCase.INT64_PARAM) {
                        if (p.getInt64Param() < 0) {
                            throw TritonError.invalid("invalid value for 'priority', expected value >= 0.");
                        }
                        builder.priority(p.getInt64Param());
                    } else if (kind == InferParameter.ParameterChoiceCase.UINT64_PARAM) {
                        // uint64 above Long.MAX_VALUE is above any priority level: the default applies.
                        builder.priority(p.getUint64Param() < 0 ? Long.MAX_VALUE : p.getUint64Param());
                    } else {
                        throw TritonError.invalid(
                                "invalid value type for 'priority' parameter, expected int64_param or uint64_param.");
                    }
                }
                case "timeout" -> {
                    if (kind != InferParameter.ParameterChoiceCase.INT64_PARAM) {
                        throw TritonError.invalid("invalid value type for 'timeout' parameter, expected int64_param.");
                    }
                    // Microseconds; Triton stores it as uint64, so a negative value is "no limit" in effect.
                    if (p.getInt64Param() > 0) {
                        builder.timeout(Duration.ofNanos(
                                Math.multiplyHigh(p.getInt64Param(), 1000L) != 0
                                        ? Long.MAX_VALUE
                                        : p.getInt64Param() * 1000L));
                    }
                }
                default -> {
                    if (key.startsWith("triton_")) {
                        if (!RESERVED_TRITON_PARAMETERS.contains(key)) {
                            throw TritonError.invalid(
                                    "parameter keys starting with 'triton_' are reserved for Triton usage. "
                                            + "Only the following keys starting with 'triton_' are allowed: "
                                            + String.join(" ", RESERVED_TRITON_PARAMETERS));
                        }
                        if (kind != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
                            throw TritonError.invalid(
                                    "invalid value type for '" + key + "' parameter, expected bool_param.");
                        }
                    } else if (kind != InferParameter.ParameterChoiceCase.INT64_PARAM
                            && kind != InferParameter.ParameterChoiceCase.BOOL_PARAM
                            && kind != InferParameter.ParameterChoiceCase.STRING_PARAM
                            && kind != InferParameter.ParameterChoiceCase.DOUBLE_PARAM) {
                        throw TritonError.invalid("invalid value type for '" + key
                                + "' parameter, expected int64_param, bool_param, or string_param.");
                    }
                }
            }
        }
    }

    /** Parsed {@code shared_memory_*} parameters of a tensor, or null when it has none. */
    private record ShmParams(String region, long offset, long byteSize) {}

    private static ShmParams shmParams(String tensor, Map<String, InferParameter> parameters) {
        InferParameter region = parameters.get("shared_memory_region");
        if (region != null && region.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.STRING_PARAM) {
            throw TritonError.invalid("invalid value type for 'shared_memory_region' parameter for tensor '" + tensor
                    + "', expected string_param.");
        }
        long offset = 0;
        InferParameter off = parameters.get("shared_memory_offset");
        if (off != null) {
            if (region == null) {
                throw TritonError.invalid(
                        "'shared_memory_offset' can not be specified without 'shared_memory_region' parameter for tensor '"
                                + tensor + "'");
            }
            if (off.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
                throw TritonError.invalid("invalid value type for 'shared_memory_offset' parameter for tensor '"
                        + tensor + "', expected int64_param.");
            }
            offset = off.getInt64Param();
        }
        InferParameter size = parameters.get("shared_memory_byte_size");
        if (size != null) {
            if (region == null) {
                throw TritonError.invalid(
                        "'shared_memory_byte_size' can not be specified without 'shared_memory_region' parameter for tensor '"
                                + tensor + "'");
            }
            if (size.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
                throw TritonError.invalid("invalid value type for 'shared_memory_byte_size' parameter for tensor '"
                        + tensor + "', expected int64_param.");
            }
        } else if (region != null) {
            throw TritonError.invalid(
                    "'shared_memory_byte_size' must be specified along with 'shared_memory_region' parameter for tensor '"
                            + tensor + "'");
        }
        return region == null ? null : new ShmParams(region.getStringParam(), offset, size.getInt64Param());
    }

    private static List<ByteBuffer> readInputData(ModelInferRequest proto, SharedMemoryRegions shm) {
        String model = proto.getModelName();
        List<ByteBuffer> out = new ArrayList<>();
        int raw = 0;
        for (ModelInferRequest.InferInputTensor t : proto.getInputsList()) {
            ShmParams params = shmParams(t.getName(), t.getParametersMap());
            if (params != null) {
                if (t.hasContents()) {
                    throw TritonError.invalid(
                            "unexpected 'content' provided when using shared memory for input tensor '" + t.getName()
                                    + "' for model '" + model + "'");
                }
                out.add(shm.slice(params.region(), params.offset(), params.byteSize()));
            } else if (t.hasContents() && proto.getRawInputContentsCount() > 0) {
                throw TritonError.invalid("contents field must not be specified when using raw_input_contents for '"
                        + t.getName() + "' for model '" + model + "'");
            } else if (t.hasContents()) {
                out.add(typedContents(t, model));
            } else if (proto.getRawInputContentsCount() > raw) {
                out.add(proto.getRawInputContents(raw++).asReadOnlyByteBuffer());
            } else {
                throw TritonError.invalid("unable to find data for input tensor '" + t.getName() + "' for model '"
                        + model + "' in request.");
            }
        }
        return out;
    }

    /** Server {@code InferGRPCToInput}'s typed-contents branch: fields in proto order, each checked against the datatype. */
    private static ByteBuffer typedContents(ModelInferRequest.InferInputTensor t, String model) {
        InferTensorContents c = t.getContents();
        String dtype = wireName(t.getDatatype());
        int elemSize = dtype.equals("<invalid>") || dtype.equals("BYTES")
                ? 0
                : DataType.fromWireName(dtype).byteSize();
        ByteBuffer data = ByteBuffer.allocate(0);
        long byteSize = 0;
        if (c.getBoolContentsCount() != 0) {
            typeCheck(t, model, "BOOL", dtype, byteSize);
            data = fill(
                    c.getBoolContentsCount(),
                    elemSize,
                    b -> c.getBoolContentsList().forEach(v -> put(b, v ? 1 : 0, elemSize)));
            byteSize = data.remaining();
        }
        if (c.getIntContentsCount() != 0) {
            typeCheck(t, model, dtype.equals("INT8") || dtype.equals("INT16") ? dtype : "INT32", dtype, byteSize);
            data = fill(
                    c.getIntContentsCount(),
                    elemSize,
                    b -> c.getIntContentsList().forEach(v -> put(b, v, elemSize)));
            byteSize = data.remaining();
        }
        if (c.getInt64ContentsCount() != 0) {
            typeCheck(t, model, "INT64", dtype, byteSize);
            data = fill(
                    c.getInt64ContentsCount(),
                    elemSize,
                    b -> c.getInt64ContentsList().forEach(v -> put(b, v, elemSize)));
            byteSize = data.remaining();
        }
        if (c.getUintContentsCount() != 0) {
            typeCheck(t, model, dtype.equals("UINT8") || dtype.equals("UINT16") ? dtype : "UINT32", dtype, byteSize);
            data = fill(
                    c.getUintContentsCount(),
                    elemSize,
                    b -> c.getUintContentsList().forEach(v -> put(b, v, elemSize)));
            byteSize = data.remaining();
        }
        if (c.getUint64ContentsCount() != 0) {
            typeCheck(t, model, "UINT64", dtype, byteSize);
            data = fill(
                    c.getUint64ContentsCount(),
                    elemSize,
                    b -> c.getUint64ContentsList().forEach(v -> put(b, v, elemSize)));
            byteSize = data.remaining();
        }
        if (c.getFp32ContentsCount() != 0) {
            typeCheck(t, model, "FP32", dtype, byteSize);
            data = fill(
                    c.getFp32ContentsCount(),
                    elemSize,
                    b -> c.getFp32ContentsList().forEach(b::putFloat));
            byteSize = data.remaining();
        }
        if (c.getFp64ContentsCount() != 0) {
            typeCheck(t, model, "FP64", dtype, byteSize);
            data = fill(
                    c.getFp64ContentsCount(),
                    elemSize,
                    b -> c.getFp64ContentsList().forEach(b::putDouble));
            byteSize = data.remaining();
        }
        if (c.getBytesContentsCount() != 0) {
            typeCheck(t, model, "BYTES", dtype, byteSize);
            long total = 0;
            for (var e : c.getBytesContentsList()) {
                total += 4 + e.size();
            }
            if (total > Integer.MAX_VALUE) {
                throw TritonError.invalid("tensor '" + t.getName() + "' of " + total + " bytes is too large");
            }
            ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
            c.getBytesContentsList().forEach(e -> b.putInt(e.size()).put(e.asReadOnlyByteBuffer()));
            data = b.flip();
        }
        return data;
    }

    private static void typeCheck(
            ModelInferRequest.InferInputTensor t, String model, String tensorType, String dtype, long byteSize) {
        if (byteSize != 0) {
            throw TritonError.invalid("unexpected explicit tensor data for input tensor '" + t.getName()
                    + "' for model '" + model + "', binary data was already supplied.");
        }
        if (!tensorType.equals(dtype)) {
            throw TritonError.invalid("unexpected explicit tensor data for input tensor '" + t.getName()
                    + "' for model '" + model + "' of type '" + tensorType + "', expected datatype '" + dtype + "'");
        }
    }

    private static ByteBuffer fill(int count, int elemSize, Consumer<ByteBuffer> writer) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(count, elemSize)).order(ByteOrder.LITTLE_ENDIAN);
        writer.accept(b);
        return b.flip();
    }

    /** The low {@code size} bytes of a value, little-endian (Triton narrows the widened fields the same way). */
    private static void put(ByteBuffer b, long value, int size) {
        for (int i = 0; i < size; i++) {
            b.put((byte) (value >>> (8 * i)));
        }
    }

    private static OutputPlan readOutputPlan(ModelInferRequest proto, SharedMemoryRegions shm) {
        Map<String, ByteBuffer> regions = new LinkedHashMap<>();
        Map<String, Integer> classification = new LinkedHashMap<>();
        for (ModelInferRequest.InferRequestedOutputTensor o : proto.getOutputsList()) {
            ShmParams params = shmParams(o.getName(), o.getParametersMap());
            InferParameter cls = o.getParametersMap().get("classification");
            if (cls != null) {
                if (cls.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
                    throw TritonError.invalid(
                            "invalid value type for 'classification' parameter, expected int64_param");
                }
                if (cls.getInt64Param() <= 0) {
                    throw TritonError.invalid("invalid value for 'classification' parameter, expected >= 0");
                }
            }
            if (params != null && cls != null) {
                throw TritonError.invalid("output can't set both 'shared_memory_region' and 'classification'");
            }
            if (params != null) {
                regions.put(o.getName(), shm.slice(params.region(), params.offset(), params.byteSize()));
            } else if (cls != null) {
                classification.put(o.getName(), (int) Math.min(Integer.MAX_VALUE, cls.getInt64Param()));
            }
        }
        return new OutputPlan(regions, classification);
    }

    /** core {@code InferenceRequest::ValidateRequestInputs}. */
    private static void checkInputCount(ModelInferRequest proto, ModelConfig config, String prefix) {
        int given = proto.getInputsCount();
        long required =
                config.getInputList().stream().filter(in -> !in.getOptional()).count();
        if (given <= config.getInputCount() && given >= required) {
            return;
        }
        Set<String> givenNames = new HashSet<>();
        proto.getInputsList().forEach(t -> givenNames.add(t.getName()));
        List<String> missing = config.getInputList().stream()
                .filter(in -> !in.getOptional() && !givenNames.contains(in.getName()))
                .map(in -> "'" + in.getName() + "'")
                .toList();
        String got = "["
                + String.join(
                        ",",
                        proto.getInputsList().stream()
                                .map(t -> "'" + t.getName() + "'")
                                .toList()) + "]";
        String missingText = missing.isEmpty() ? "]" : "[" + String.join(",", missing) + "]";
        String model = proto.getModelName();
        if (config.getInputCount() == required) {
            throw TritonError.invalid(prefix + "expected " + config.getInputCount() + " inputs but got " + given
                    + " inputs for model '" + model + "'. Got input(s) " + got + ", but missing required input(s) "
                    + missingText + ". Please provide all required input(s).");
        }
        throw TritonError.invalid(
                prefix + "expected number of inputs between " + required + " and " + config.getInputCount()
                        + " but got " + given + " inputs for model '" + model + "'. Got input(s) " + got
                        + ", but missing required input(s) " + missingText + ". Please provide all required input(s).");
    }

    private static void checkShape(String name, String model, long[] full, ModelInput in, int maxBatch, String prefix) {
        int skip = maxBatch > 0 && !in.getIsShapeTensor() ? 1 : 0;
        List<Long> dims = in.getDimsList();
        boolean match = full.length - skip == dims.size();
        for (int i = 0; match && i < dims.size(); i++) {
            long given = full[i + skip];
            if (given == -1) {
                throw TritonError.invalid(prefix + "All input dimensions should be specified for input '" + name
                        + "' for model '" + model + "', got " + ModelConfigs.format(full));
            }
            if (dims.get(i) != -1 && dims.get(i) != given) {
                match = false;
            }
        }
        if (!match) {
            long[] expected = ModelConfigs.fullShape(ModelConfigs.withMaxBatch(maxBatch), dims);
            String note = maxBatch > 0
                    ? "NOTE: Setting a non-zero max_batch_size in the model config requires a batch dimension to be prepended "
                            + "to each input shape. If you want to specify the full shape including the batch dim in your input "
                            + "dims config, try setting max_batch_size to zero. See the model configuration docs for more info "
                            + "on max_batch_size."
                    : "";
            throw TritonError.invalid(
                    prefix + "unexpected shape for input '" + name + "' for model '" + model + "'. Expected "
                            + ModelConfigs.format(expected) + ", got " + ModelConfigs.format(full) + ". " + note);
        }
    }

    /** core {@code InferenceRequest::ValidateBytesInputs} over one buffer. */
    private static void checkBytes(String name, String model, long[] shape, ByteBuffer data, String prefix) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long checked = 0;
        // An empty buffer is not appended to the request (core Input::AppendData), so the loop does not run.
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw TritonError.invalid(prefix + "incomplete string length indicator for inference input '" + name
                        + "' for model '" + model + "', expecting 4 bytes but only " + b.remaining()
                        + " bytes available. Please make sure the string length indicator is in one buffer.");
            }
            long len = Integer.toUnsignedLong(b.getInt());
            checked++;
            if (checked > count) {
                throw TritonError.invalid(prefix + "unexpected number of string elements " + checked
                        + " for inference input '" + name + "' for model '" + model + "', expecting " + count);
            }
            b.position((int) Math.min(b.limit(), b.position() + len));
        }
        if (checked != count) {
            throw TritonError.invalid(prefix + "expected " + count + " string elements for inference input '" + name
                    + "' for model '" + model + "', got " + checked);
        }
    }
}
