package io.radio4j.core.backend.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
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
import io.grpc.Status;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;



/**
 * Server-side translation between the KServe v2 protobuf messages and triton-client's value types,
 * following Triton's wire rules: inputs either all in {@code raw_input_contents} (paired by index,
 * little-endian, row-major) or all in typed {@code contents}; outputs always raw, one entry per
 * output (source: Triton {@code grpc_service.proto} comments and {@code src/grpc/infer_handler.cc}).
 */
public final class KServeMapping {

    private KServeMapping() {}

    /**
     * @throws BackendException {@link Reason#INVALID_REQUEST} for a malformed request
     */
    public static InferRequest toRequest(ModelInferRequest proto) {
        try {
            InferRequest.Builder b = InferRequest.builder()
                    .modelName(proto.getModelName())
                    .modelVersion(proto.getModelVersion())
                    .id(proto.getId());
            boolean raw = proto.getRawInputContentsCount() > 0;
            if (raw && proto.getRawInputContentsCount() != proto.getInputsCount()) {
                throw invalid("expected " + proto.getInputsCount() + " raw input contents, got " + proto.getRawInputContentsCount());
            }
            for (int i = 0; i < proto.getInputsCount(); i++) {
                ModelInferRequest.InferInputTensor tensor = proto.getInputs(i);
                DataType type = dataType(tensor.getDatatype(), tensor.getName());
                long[] shape = tensor.getShapeList().stream().mapToLong(Long::longValue).toArray();
                ByteBuffer data;
                if (raw) {
                    if (tensor.hasContents()) {
                        throw invalid("contents field must not be specified when using raw_input_contents for '"
                                + tensor.getName() + "' for model '" + proto.getModelName() + "'");
                    }
                    data = proto.getRawInputContents(i).asReadOnlyByteBuffer();
                } else {
                    data = fromContents(tensor.getContents(), type, tensor.getName());
                }
                b.input(InferInput.ofRaw(tensor.getName(), type, shape, data.order(ByteOrder.LITTLE_ENDIAN)));
            }
            for (ModelInferRequest.InferRequestedOutputTensor out : proto.getOutputsList()) {
                InferParameter classification = out.getParametersMap().get("classification");
                b.output(new RequestedOutput(out.getName(), classification == null ? 0 : (int) classification.getInt64Param()));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The response message: outputs in order, each with its bytes in {@code raw_output_contents}. */
    public static ModelInferResponse toResponse(InferResult result) {
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder()
                .setModelName(result.modelName())
                .setModelVersion(result.modelVersion())
                .setId(result.id());
        for (InferOutput output : result.outputs()) {
            b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name())
                    .setDatatype(output.dataType().wireName())
                    .addAllShape(Arrays.stream(output.shape()).boxed().toList()));
            // The output's buffer is a private copy that nothing mutates: wrapping avoids a copy.
            b.addRawOutputContents(UnsafeByteOperations.unsafeWrap(output.data()));
        }
        return b.build();
    }

    /** The metadata message of a metadata value. */
    public static ModelMetadataResponse toProto(ModelMetadata metadata) {
        ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder()
                .setName(metadata.name())
                .addAllVersions(metadata.versions())
                .setPlatform(metadata.platform());
        metadata.inputs().forEach(t -> b.addInputs(toProto(t)));
        metadata.outputs().forEach(t -> b.addOutputs(toProto(t)));
        return b.build();
    }

    private static ModelMetadataResponse.TensorMetadata toProto(TensorMetadata tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.dataType().wireName())
                .addAllShape(Arrays.stream(tensor.shape()).boxed().toList())
                .build();
    }

    /** The gRPC status Triton uses for each failure (Triton {@code src/grpc/grpc_utils.cc} CodeToStatus). */
    public static Status toStatus(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TritonError te) {
            return te.toStatus();
        }
        if (cause instanceof BackendException be) {
            Status status = switch (be.reason()) {
                case MODEL_NOT_FOUND -> Status.NOT_FOUND;
                case INVALID_REQUEST -> Status.INVALID_ARGUMENT;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case INVALID_MODEL, INTERNAL -> Status.INTERNAL;
                case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            };
            return status.withDescription(be.getMessage());
        }
        return Status.INTERNAL.withDescription(String.valueOf(cause.getMessage())).withCause(cause);
    }

    private static DataType dataType(String wire, String tensor) {
        try {
            return DataType.fromWireName(wire);
        } catch (IllegalArgumentException e) {
            throw invalid("input '" + tensor + "' has invalid datatype '" + wire + "'");
        }
    }

    /** Typed contents (what clients send without raw bytes), widened types narrowed to wire layout. */
    private static ByteBuffer fromContents(InferTensorContents c, DataType type, String tensor) {
        ByteBuffer out;
        switch (type) {
            case FP32 -> {
                out = allocate(c.getFp32ContentsCount() * 4L);
                c.getFp32ContentsList().forEach(out::putFloat);
            }
            case FP64 -> {
                out = allocate(c.getFp64ContentsCount() * 8L);
                c.getFp64ContentsList().forEach(out::putDouble);
            }
            case INT64 -> {
                out = allocate(c.getInt64ContentsCount() * 8L);
                c.getInt64ContentsList().forEach(out::putLong);
            }
            case INT32 -> {
                out = allocate(c.getIntContentsCount() * 4L);
                c.getIntContentsList().forEach(out::putInt);
            }
            case INT16 -> {
                out = allocate(c.getIntContentsCount() * 2L);
                c.getIntContentsList().forEach(v -> out.putShort(v.shortValue()));
            }
            case INT8 -> {
                out = allocate(c.getIntContentsCount());
                c.getIntContentsList().forEach(v -> out.put(v.byteValue()));
            }
            case UINT8 -> {
                out = allocate(c.getUintContentsCount());
                c.getUintContentsList().forEach(v -> out.put(v.byteValue()));
            }
            case BOOL -> {
                out = allocate(c.getBoolContentsCount());
                c.getBoolContentsList().forEach(v -> out.put((byte) (v ? 1 : 0)));
            }
            default -> throw invalid("input '" + tensor + "' of datatype " + type
                    + " must be sent in raw_input_contents to the embedded server");
        }
        return out.flip();
    }

    private static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw invalid("tensor of " + bytes + " bytes is too large");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static BackendException invalid(String message) {
        return new BackendException(Reason.INVALID_REQUEST, message);
    }

}
