package io.radio4j.triton.internal;

import com.google.protobuf.ByteString;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.TensorMetadata;
import io.radio4j.triton.protocol.InferParameter;
import io.radio4j.triton.protocol.InferTensorContents;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the public value types to and from the generated protocol messages.
 *
 * <p>Inputs always travel as {@code raw_input_contents}: Triton rejects a request that mixes raw
 * and typed contents, FP16/BF16 exist only as raw, and raw is the fast path. Tensor bytes are
 * wrapped, not copied, into the message ({@link InferInput#wireBytes()}); the only copy
 * left is gRPC's serialization into its transport buffers.
 */
public final class WireMapper {
    private WireMapper() {}

    /** The protocol message for {@code request}. */
    public static ModelInferRequest toProto(InferRequest request) {
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder()
                .setModelName(request.modelName())
                .setModelVersion(request.modelVersion())
                .setId(request.id());
        for (InferInput input : request.inputs()) {
            ModelInferRequest.InferInputTensor.Builder tensor = message.addInputsBuilder()
                    .setName(input.name())
                    .setDatatype(input.dataType().wireName());
            for (long dim : input.shape()) {
                tensor.addShape(dim);
            }
            message.addRawInputContents(input.wireBytes());
        }
        for (RequestedOutput output : request.outputs()) {
            ModelInferRequest.InferRequestedOutputTensor.Builder tensor =
                    message.addOutputsBuilder().setName(output.name());
            if (output.classCount() > 0) {
                tensor.putParameters(
                        "classification",
                        InferParameter.newBuilder()
                                .setInt64Param(output.classCount())
                                .build());
            }
        }
        if (request.priority() > 0) {
            // uint64 as tritonclient sends it; the server takes int64 too.
            message.putParameters(
                    "priority",
                    InferParameter.newBuilder()
                            .setUint64Param(request.priority())
                            .build());
        }
        if (request.timeout() != null) {
            long micros = Math.max(1, request.timeout().toNanos() / 1_000);
            message.putParameters(
                    "timeout", InferParameter.newBuilder().setInt64Param(micros).build());
        }
        if (request.sequenceId() != 0) {
            message.putParameters(
                    "sequence_id",
                    InferParameter.newBuilder()
                            .setInt64Param(request.sequenceId())
                            .build());
            message.putParameters(
                    "sequence_start",
                    InferParameter.newBuilder()
                            .setBoolParam(request.sequenceStart())
                            .build());
            message.putParameters(
                    "sequence_end",
                    InferParameter.newBuilder()
                            .setBoolParam(request.sequenceEnd())
                            .build());
        }
        request.parameters().forEach((key, value) -> message.putParameters(key, toParameter(value)));
        return message.build();
    }

    /**
     * The inputs of a request message, for servers: raw contents paired by index, or typed contents.
     *
     * @throws IllegalArgumentException if raw and typed contents are mixed, a raw buffer is missing,
     *     a datatype is unknown or bytes do not match a shape
     */
    public static List<InferInput> inputsFromProto(ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new IllegalArgumentException("expected " + request.getInputsCount() + " raw input buffers, got "
                    + request.getRawInputContentsCount() + " for model '" + request.getModelName() + "'");
        }
        List<InferInput> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor tensor = request.getInputs(i);
            if (raw && tensor.hasContents()) {
                throw new IllegalArgumentException(
                        "contents field must not be specified when using raw_input_contents for '" + tensor.getName()
                                + "' for model '" + request.getModelName() + "'");
            }
            DataType type = DataType.fromWireName(tensor.getDatatype());
            long[] shape =
                    tensor.getShapeList().stream().mapToLong(Long::longValue).toArray();
            ByteBuffer data = raw
                    ? request.getRawInputContents(i).asReadOnlyByteBuffer()
                    : fromContents(type, tensor.getContents());
            inputs.add(new InferInput(tensor.getName(), type, shape, data));
        }
        return inputs;
    }

    /** The response message for {@code result}, outputs as raw contents (for servers). */
    public static ModelInferResponse toProto(InferResult result) {
        ModelInferResponse.Builder message = ModelInferResponse.newBuilder()
                .setModelName(result.modelName())
                .setModelVersion(result.modelVersion())
                .setId(result.id());
        result.parameters().forEach((key, value) -> message.putParameters(key, toParameter(value)));
        for (InferOutput output : result.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = message.addOutputsBuilder()
                    .setName(output.name())
                    .setDatatype(output.dataType().wireName());
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            output.parameters().forEach((key, value) -> tensor.putParameters(key, toParameter(value)));
            message.addRawOutputContents(output.wireBytes());
        }
        return message.build();
    }

    /** A parameter value as the protocol's oneof. */
    public static InferParameter toParameter(Object value) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        switch (value) {
            case Boolean b -> parameter.setBoolParam(b);
            case Long l -> parameter.setInt64Param(l);
            case Integer i -> parameter.setInt64Param(i);
            case String s -> parameter.setStringParam(s);
            case Double d -> parameter.setDoubleParam(d);
            default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
        }
        return parameter.build();
    }

    /** A protocol parameter as a Java value (Boolean, Long, String or Double); uint64 as its long bits. */
    public static Object fromParameter(InferParameter parameter) {
        return switch (parameter.getParameterChoiceCase()) {
            case BOOL_PARAM -> parameter.getBoolParam();
            case INT64_PARAM -> parameter.getInt64Param();
            case STRING_PARAM -> parameter.getStringParam();
            case DOUBLE_PARAM -> parameter.getDoubleParam();
            case UINT64_PARAM -> parameter.getUint64Param();
            case PARAMETERCHOICE_NOT_SET -> "";
        };
    }

    /** Protocol parameters as Java values. */
    public static Map<String, Object> fromParameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((key, value) -> values.put(key, fromParameter(value)));
        return values;
    }

    /**
     * The result carried by {@code response}. Raw outputs pair with {@code outputs} by index; a
     * server that sends typed {@code contents} instead (allowed by KServe v2) is read too.
     *
     * @throws IllegalArgumentException if the response is malformed (unknown datatype, byte count
     *     not matching the shape, fewer raw buffers than outputs)
     */
    public static InferResult fromProto(ModelInferResponse response) {
        List<InferOutput> outputs = new ArrayList<>(response.getOutputsCount());
        boolean raw = response.getRawOutputContentsCount() > 0;
        if (raw && response.getRawOutputContentsCount() != response.getOutputsCount()) {
            throw new IllegalArgumentException("response has " + response.getOutputsCount() + " outputs but "
                    + response.getRawOutputContentsCount() + " raw output buffers");
        }
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor tensor = response.getOutputs(i);
            DataType type = DataType.fromWireName(tensor.getDatatype());
            long[] shape =
                    tensor.getShapeList().stream().mapToLong(Long::longValue).toArray();
            ByteBuffer data = raw
                    ? response.getRawOutputContents(i).asReadOnlyByteBuffer()
                    : fromContents(type, tensor.getContents());
            outputs.add(
                    new InferOutput(tensor.getName(), type, shape, data, fromParameters(tensor.getParametersMap())));
        }
        return new InferResult(
                response.getModelName(),
                response.getModelVersion(),
                response.getId(),
                fromParameters(response.getParametersMap()),
                outputs);
    }

    /** Typed contents re-encoded in raw layout. */
    public static ByteBuffer fromContents(DataType type, InferTensorContents contents) {
        ByteBuffer buffer;
        switch (type) {
            case BOOL -> {
                buffer = allocate(contents.getBoolContentsCount());
                contents.getBoolContentsList().forEach(v -> buffer.put((byte) (v ? 1 : 0)));
            }
            case INT8 -> {
                buffer = allocate(contents.getIntContentsCount());
                contents.getIntContentsList().forEach(v -> buffer.put(v.byteValue()));
            }
            case INT16 -> {
                buffer = allocate(contents.getIntContentsCount() * 2);
                contents.getIntContentsList().forEach(v -> buffer.putShort(v.shortValue()));
            }
            case INT32 -> {
                buffer = allocate(contents.getIntContentsCount() * 4);
                contents.getIntContentsList().forEach(buffer::putInt);
            }
            case INT64 -> {
                buffer = allocate(contents.getInt64ContentsCount() * 8);
                contents.getInt64ContentsList().forEach(buffer::putLong);
            }
            case UINT8 -> {
                buffer = allocate(contents.getUintContentsCount());
                contents.getUintContentsList().forEach(v -> buffer.put(v.byteValue()));
            }
            case UINT16 -> {
                buffer = allocate(contents.getUintContentsCount() * 2);
                contents.getUintContentsList().forEach(v -> buffer.putShort(v.shortValue()));
            }
            case UINT32 -> {
                buffer = allocate(contents.getUintContentsCount() * 4);
                contents.getUintContentsList().forEach(buffer::putInt);
            }
            case UINT64 -> {
                buffer = allocate(contents.getUint64ContentsCount() * 8);
                contents.getUint64ContentsList().forEach(buffer::putLong);
            }
            case FP32 -> {
                buffer = allocate(contents.getFp32ContentsCount() * 4);
                contents.getFp32ContentsList().forEach(buffer::putFloat);
            }
            case FP64 -> {
                buffer = allocate(contents.getFp64ContentsCount() * 8);
                contents.getFp64ContentsList().forEach(buffer::putDouble);
            }
            case BYTES -> {
                return ByteTensors.encode(contents.getBytesContentsList().stream()
                        .map(ByteString::toByteArray)
                        .toList());
            }
            default -> throw new IllegalArgumentException(type + " can only travel as raw contents");
        }
        return buffer.flip();
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The metadata message as the public record. */
    public static ModelMetadata fromProto(ModelMetadataResponse response) {
        return new ModelMetadata(
                response.getName(),
                response.getVersionsList(),
                response.getPlatform(),
                tensors(response.getInputsList()),
                tensors(response.getOutputsList()));
    }

    private static List<TensorMetadata> tensors(List<ModelMetadataResponse.TensorMetadata> tensors) {
        List<TensorMetadata> result = new ArrayList<>(tensors.size());
        for (ModelMetadataResponse.TensorMetadata tensor : tensors) {
            result.add(new TensorMetadata(
                    tensor.getName(),
                    DataType.fromWireName(tensor.getDatatype()),
                    tensor.getShapeList().stream().mapToLong(Long::longValue).toArray()));
        }
        return result;
    }

    /** The public record as the metadata message (used by servers built on this module). */
    public static ModelMetadataResponse toProto(ModelMetadata metadata) {
        ModelMetadataResponse.Builder message = ModelMetadataResponse.newBuilder()
                .setName(metadata.name())
                .addAllVersions(metadata.versions())
                .setPlatform(metadata.platform());
        metadata.inputs().forEach(t -> message.addInputs(toProto(t)));
        metadata.outputs().forEach(t -> message.addOutputs(toProto(t)));
        return message.build();
    }

    private static ModelMetadataResponse.TensorMetadata toProto(TensorMetadata tensor) {
        ModelMetadataResponse.TensorMetadata.Builder message = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.dataType().wireName());
        for (long dim : tensor.shape()) {
            message.addShape(dim);
        }
        return message.build();
    }
}
