package io.radio4j.core.backend.internal;

import com.google.protobuf.TextFormat;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.DataType;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.server.KServeCodec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/** Reading {@code config.pbtxt} and deriving what Triton derives from it (metadata shapes). */
public final class ModelConfigs {

    private ModelConfigs() {}

    /**
     * Parses Triton's protobuf text format.
     *
     * @throws BackendException {@link Reason#INVALID_MODEL} naming the source and the parse error
     */
    public static ModelConfig parse(String pbtxt, String source) {
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        try {
            TextFormat.merge(pbtxt, builder);
        } catch (TextFormat.ParseException e) {
            throw new BackendException(
                    Reason.INVALID_MODEL, source + " is not a valid Triton model configuration: " + e.getMessage(), e);
        }
        return builder.build();
    }

    /** A configuration with only {@code max_batch_size} set (for shape arithmetic). */
    public static ModelConfig withMaxBatch(int maxBatchSize) {
        return ModelConfig.newBuilder().setMaxBatchSize(maxBatchSize).build();
    }

    /**
     * Parses a configuration given as JSON, as Triton's {@code RepositoryModelLoad} "config"
     * parameter carries it (the protobuf JSON mapping of {@code ModelConfig}).
     *
     * @throws IllegalArgumentException naming the parse error
     */
    public static ModelConfig fromJson(String json) {
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        try {
            com.google.protobuf.util.JsonFormat.parser().merge(json, builder);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return builder.build();
    }

    /**
     * The configuration as Triton reports it for an ONNX model on a CPU-only server: the fields its
     * normalisation fills in when the file leaves them out (core {@code src/model_config_utils.cc}
     * {@code NormalizeModelConfig}, {@code NormalizeInstanceGroup}, {@code SetDefaultInstanceCount},
     * {@code AutoCompleteBackendFields}): platform and backend, {@code model.onnx}, the latest
     * version policy, one CPU instance group named after the model with 2 instances, pinned memory
     * on, and a dynamic batcher's preferred batch size set to {@code max_batch_size}.
     */
    public static ModelConfig withTritonDefaults(ModelConfig config) {
        ModelConfig.Builder b = config.toBuilder();
        if (b.getBackend().isEmpty()) {
            b.setBackend("onnxruntime");
        }
        if (b.getPlatform().isEmpty() && b.getBackend().equals("onnxruntime")) {
            b.setPlatform("onnxruntime_onnx");
        }
        if (b.getDefaultModelFilename().isEmpty()) {
            b.setDefaultModelFilename("model.onnx");
        }
        if (!b.hasVersionPolicy()) {
            b.getVersionPolicyBuilder().getLatestBuilder().setNumVersions(1);
        }
        if (b.hasDynamicBatching()
                && b.getDynamicBatching().getPreferredBatchSizeCount() == 0
                && b.getMaxBatchSize() > 0) {
            b.getDynamicBatchingBuilder().addPreferredBatchSize(b.getMaxBatchSize());
        }
        if (!b.hasEnsembleScheduling()) {
            if (!b.getOptimization().hasInputPinnedMemory()) {
                b.getOptimizationBuilder().getInputPinnedMemoryBuilder().setEnable(true);
            }
            if (!b.getOptimization().hasOutputPinnedMemory()) {
                b.getOptimizationBuilder().getOutputPinnedMemoryBuilder().setEnable(true);
            }
            if (b.getInstanceGroupCount() == 0) {
                b.addInstanceGroupBuilder().setName(b.getName());
            }
            for (int i = 0; i < b.getInstanceGroupCount(); i++) {
                var group = b.getInstanceGroupBuilder(i);
                if (group.getName().isEmpty()) {
                    group.setName(b.getName() + "_" + i);
                }
                if (group.getKind() == io.radio4j.triton.protocol.ModelInstanceGroup.Kind.KIND_AUTO) {
                    group.setKind(io.radio4j.triton.protocol.ModelInstanceGroup.Kind.KIND_CPU);
                }
                if (group.getCount() < 1) {
                    boolean cpuDefault = group.getKind() == io.radio4j.triton.protocol.ModelInstanceGroup.Kind.KIND_CPU
                            && b.getBackend().equals("onnxruntime");
                    group.setCount(cpuDefault ? 2 : 1);
                }
            }
        }
        return b.build();
    }

    /** The full tensor shape a request carries: {@code [-1] + dims} when the model batches, else dims. */
    public static long[] fullShape(ModelConfig config, List<Long> dims) {
        LongStream d = dims.stream().mapToLong(Long::longValue);
        return config.getMaxBatchSize() > 0
                ? LongStream.concat(LongStream.of(-1), d).toArray()
                : d.toArray();
    }

    /** The metadata Triton reports for a model with this configuration, version "1" unless given. */
    public static ModelMetadataResponse metadata(ModelConfig config, List<String> versions, String platform) {
        ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder()
                .setName(config.getName())
                .addAllVersions(versions)
                .setPlatform(platform);
        for (ModelInput in : config.getInputList()) {
            b.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder()
                    .setName(in.getName())
                    .setDatatype(KServeCodec.dataType(in.getDataType()).wireName())
                    .addAllShape(boxed(fullShape(config, in.getDimsList()))));
        }
        for (ModelOutput out : config.getOutputList()) {
            b.addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder()
                    .setName(out.getName())
                    .setDatatype(KServeCodec.dataType(out.getDataType()).wireName())
                    .addAllShape(boxed(fullShape(config, out.getDimsList()))));
        }
        return b.build();
    }

    /** The metadata response as triton-client's value type. */
    public static ModelMetadata toValue(ModelMetadataResponse response) {
        return new ModelMetadata(
                response.getName(),
                response.getVersionsList(),
                response.getPlatform(),
                response.getInputsList().stream().map(ModelConfigs::toValue).toList(),
                response.getOutputsList().stream().map(ModelConfigs::toValue).toList());
    }

    private static TensorMetadata toValue(ModelMetadataResponse.TensorMetadata tensor) {
        return new TensorMetadata(
                tensor.getName(),
                DataType.fromWireName(tensor.getDatatype()),
                tensor.getShapeList().stream().mapToLong(Long::longValue).toArray());
    }

    /** Whether a concrete shape fits a pattern whose -1 entries match any size. */
    public static boolean matches(long[] pattern, long[] shape) {
        if (pattern.length != shape.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i] >= 0 && pattern[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /** Triton's shape spelling in error messages: {@code [-1,3,224,224]}. */
    public static String format(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
