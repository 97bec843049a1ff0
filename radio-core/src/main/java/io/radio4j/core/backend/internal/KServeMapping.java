package io.radio4j.core.backend.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.radio4j.core.backend.BackendException;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.grpc.Status;

import java.util.Arrays;



/**
 * Server-side translation from triton-client's value types to the KServe v2 protobuf messages
 * (requests are read by {@link TritonRequests}): outputs always raw, one entry per output (Triton
 * {@code src/grpc/infer_handler.cc} {@code ResponseAllocatorHelper}), and failures to Triton's
 * status codes.
 */
public final class KServeMapping {

    private KServeMapping() {}

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
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            };
            return status.withDescription(be.getMessage());
        }
        return Status.INTERNAL.withDescription(String.valueOf(cause.getMessage())).withCause(cause);
    }
}
