package io.radio4j.triton.internal;

import io.radio4j.triton.DataType;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.InferBatchStatistics;
import io.radio4j.triton.protocol.InferStatistics;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelDynamicBatching;
import io.radio4j.triton.protocol.ModelEnsembling;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelInstanceGroup;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.protocol.ModelParameter;
import io.radio4j.triton.protocol.StatisticDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping between the public {@link ModelConfiguration} / {@link ModelStatistics} records
 * and the generated {@code ModelConfig} / {@code ModelStatistics} messages, both ways: the client
 * reads with it, servers built on this module answer with it (through
 * {@code io.radio4j.triton.server.KServeCodec}). Message fields the records do not carry are
 * dropped on the way in and left at their defaults on the way out.
 */
public final class ConfigMapper {
    private ConfigMapper() {}

    /** The datatype of a model-configuration enum value. @throws IllegalArgumentException for TYPE_INVALID */
    public static DataType dataType(io.radio4j.triton.protocol.DataType configType) {
        if (configType == null
                || configType == io.radio4j.triton.protocol.DataType.TYPE_INVALID
                || configType == io.radio4j.triton.protocol.DataType.UNRECOGNIZED) {
            throw new IllegalArgumentException("model configuration datatype is invalid: " + configType);
        }
        return DataType.fromWireName(configType.name());
    }

    /** A datatype as the model-configuration enum value. */
    public static io.radio4j.triton.protocol.DataType configType(DataType type) {
        return io.radio4j.triton.protocol.DataType.valueOf(type.configName());
    }

    /** The message as the public record. @throws IllegalArgumentException if a tensor datatype is invalid */
    public static ModelConfiguration fromProto(ModelConfig config) {
        List<ModelConfiguration.Input> inputs = new ArrayList<>(config.getInputCount());
        for (ModelInput in : config.getInputList()) {
            inputs.add(new ModelConfiguration.Input(
                    in.getName(),
                    dataType(in.getDataType()),
                    in.getDimsList(),
                    in.getOptional(),
                    in.getIsShapeTensor()));
        }
        List<ModelConfiguration.Output> outputs = new ArrayList<>(config.getOutputCount());
        for (ModelOutput out : config.getOutputList()) {
            outputs.add(new ModelConfiguration.Output(
                    out.getName(), dataType(out.getDataType()), out.getDimsList(), out.getLabelFilename()));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        config.getParametersMap().forEach((key, value) -> parameters.put(key, value.getStringValue()));
        ModelConfiguration.DynamicBatching batching = null;
        if (config.hasDynamicBatching()) {
            ModelDynamicBatching d = config.getDynamicBatching();
            batching = new ModelConfiguration.DynamicBatching(
                    d.getPreferredBatchSizeList(),
                    d.getMaxQueueDelayMicroseconds(),
                    d.getPreserveOrdering(),
                    d.getPriorityLevels(),
                    d.getDefaultPriorityLevel());
        }
        List<ModelConfiguration.InstanceGroup> groups = new ArrayList<>(config.getInstanceGroupCount());
        for (ModelInstanceGroup g : config.getInstanceGroupList()) {
            groups.add(new ModelConfiguration.InstanceGroup(
                    g.getName(), kind(g.getKind()), g.getCount(), g.getGpusList()));
        }
        List<ModelConfiguration.EnsembleStep> steps = new ArrayList<>();
        for (ModelEnsembling.Step step : config.getEnsembleScheduling().getStepList()) {
            steps.add(new ModelConfiguration.EnsembleStep(
                    step.getModelName(), step.getModelVersion(), step.getInputMapMap(), step.getOutputMapMap()));
        }
        return new ModelConfiguration(
                config.getName(),
                config.getPlatform(),
                config.getBackend(),
                config.getMaxBatchSize(),
                inputs,
                outputs,
                parameters,
                batching,
                groups,
                steps,
                config.getDefaultModelFilename());
    }

    /** The public record as the message (for servers). */
    public static ModelConfig toProto(ModelConfiguration config) {
        ModelConfig.Builder message = ModelConfig.newBuilder()
                .setName(config.name())
                .setPlatform(config.platform())
                .setBackend(config.backend())
                .setMaxBatchSize(config.maxBatchSize())
                .setDefaultModelFilename(config.defaultModelFilename());
        for (ModelConfiguration.Input in : config.inputs()) {
            message.addInput(ModelInput.newBuilder()
                    .setName(in.name())
                    .setDataType(configType(in.dataType()))
                    .addAllDims(in.dims())
                    .setOptional(in.optional())
                    .setIsShapeTensor(in.shapeTensor()));
        }
        for (ModelConfiguration.Output out : config.outputs()) {
            message.addOutput(ModelOutput.newBuilder()
                    .setName(out.name())
                    .setDataType(configType(out.dataType()))
                    .addAllDims(out.dims())
                    .setLabelFilename(out.labelFilename()));
        }
        config.parameters()
                .forEach((key, value) -> message.putParameters(
                        key, ModelParameter.newBuilder().setStringValue(value).build()));
        ModelConfiguration.DynamicBatching d = config.dynamicBatching();
        if (d != null) {
            message.setDynamicBatching(ModelDynamicBatching.newBuilder()
                    .addAllPreferredBatchSize(d.preferredBatchSizes())
                    .setMaxQueueDelayMicroseconds(d.maxQueueDelayMicroseconds())
                    .setPreserveOrdering(d.preserveOrdering())
                    .setPriorityLevels(d.priorityLevels())
                    .setDefaultPriorityLevel(d.defaultPriorityLevel()));
        }
        for (ModelConfiguration.InstanceGroup g : config.instanceGroups()) {
            message.addInstanceGroup(ModelInstanceGroup.newBuilder()
                    .setName(g.name())
                    .setKind(ModelInstanceGroup.Kind.valueOf("KIND_" + g.kind().name()))
                    .setCount(g.count())
                    .addAllGpus(g.gpus()));
        }
        if (!config.ensembleSteps().isEmpty()) {
            ModelEnsembling.Builder ensemble = message.getEnsembleSchedulingBuilder();
            for (ModelConfiguration.EnsembleStep step : config.ensembleSteps()) {
                ensemble.addStep(ModelEnsembling.Step.newBuilder()
                        .setModelName(step.modelName())
                        .setModelVersion(step.modelVersion())
                        .putAllInputMap(step.inputMap())
                        .putAllOutputMap(step.outputMap()));
            }
        }
        return message.build();
    }

    private static ModelConfiguration.InstanceGroup.Kind kind(ModelInstanceGroup.Kind kind) {
        return switch (kind) {
            case KIND_GPU -> ModelConfiguration.InstanceGroup.Kind.GPU;
            case KIND_CPU -> ModelConfiguration.InstanceGroup.Kind.CPU;
            case KIND_MODEL -> ModelConfiguration.InstanceGroup.Kind.MODEL;
            case KIND_AUTO, UNRECOGNIZED -> ModelConfiguration.InstanceGroup.Kind.AUTO;
        };
    }

    /** The statistics message as the public record. */
    public static ModelStatistics fromProto(io.radio4j.triton.protocol.ModelStatistics stats) {
        InferStatistics s = stats.getInferenceStats();
        ModelStatistics.InferStats infer = new ModelStatistics.InferStats(
                duration(s.getSuccess()),
                duration(s.getFail()),
                duration(s.getQueue()),
                duration(s.getComputeInput()),
                duration(s.getComputeInfer()),
                duration(s.getComputeOutput()),
                duration(s.getCacheHit()),
                duration(s.getCacheMiss()));
        List<ModelStatistics.BatchStats> batches = new ArrayList<>(stats.getBatchStatsCount());
        for (InferBatchStatistics b : stats.getBatchStatsList()) {
            batches.add(new ModelStatistics.BatchStats(
                    b.getBatchSize(),
                    duration(b.getComputeInput()),
                    duration(b.getComputeInfer()),
                    duration(b.getComputeOutput())));
        }
        return new ModelStatistics(
                stats.getName(),
                stats.getVersion(),
                stats.getLastInference(),
                stats.getInferenceCount(),
                stats.getExecutionCount(),
                infer,
                batches);
    }

    /** The public record as the statistics message (for servers). */
    public static io.radio4j.triton.protocol.ModelStatistics toProto(ModelStatistics stats) {
        ModelStatistics.InferStats s = stats.inferenceStats();
        InferStatistics.Builder infer = InferStatistics.newBuilder()
                .setSuccess(duration(s.success()))
                .setFail(duration(s.fail()))
                .setQueue(duration(s.queue()))
                .setComputeInput(duration(s.computeInput()))
                .setComputeInfer(duration(s.computeInfer()))
                .setComputeOutput(duration(s.computeOutput()));
        // The cache fields stay absent without a response cache, as servers without one send them.
        if (!s.cacheHit().equals(ModelStatistics.Duration.ZERO)) {
            infer.setCacheHit(duration(s.cacheHit()));
        }
        if (!s.cacheMiss().equals(ModelStatistics.Duration.ZERO)) {
            infer.setCacheMiss(duration(s.cacheMiss()));
        }
        io.radio4j.triton.protocol.ModelStatistics.Builder message =
                io.radio4j.triton.protocol.ModelStatistics.newBuilder()
                        .setName(stats.name())
                        .setVersion(stats.version())
                        .setLastInference(stats.lastInferenceMillis())
                        .setInferenceCount(stats.inferenceCount())
                        .setExecutionCount(stats.executionCount())
                        .setInferenceStats(infer);
        for (ModelStatistics.BatchStats b : stats.batchStats()) {
            message.addBatchStats(InferBatchStatistics.newBuilder()
                    .setBatchSize(b.batchSize())
                    .setComputeInput(duration(b.computeInput()))
                    .setComputeInfer(duration(b.computeInfer()))
                    .setComputeOutput(duration(b.computeOutput())));
        }
        return message.build();
    }

    private static ModelStatistics.Duration duration(StatisticDuration d) {
        return new ModelStatistics.Duration(d.getCount(), d.getNs());
    }

    private static StatisticDuration duration(ModelStatistics.Duration d) {
        return StatisticDuration.newBuilder()
                .setCount(d.count())
                .setNs(d.nanos())
                .build();
    }
}
