package io.radio4j.core.backend.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelSchema;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelEnsembling;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.server.KServeCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Triton ensemble ({@code platform: "ensemble"}) in the embedded backend: the steps and their
 * tensor mapping are read from the config's {@code ensemble_scheduling}, as Triton does. Each
 * step's {@code input_map} key is the step model's input and its value the ensemble-scoped tensor;
 * {@code output_map} the other way round (model_config.proto {@code ModelEnsembling.Step}).
 *
 * <p>Checked when loaded, after Triton's {@code ValidateEnsembleConfig} (core
 * {@code src/ensemble_scheduler/ensemble_utils.cc}): every step model is loaded and batches at
 * least as far as the ensemble, every mapped name is a tensor of the step, datatypes and dims agree
 * along every edge, every ensemble output is produced. Optional ensemble inputs that a request
 * leaves out are left out of the steps too, which then must declare them optional (core
 * {@code ensemble_scheduler.cc}, optional_inputs_).
 *
 * <p>A request runs its steps one after the other on the calling thread, each step as soon as its
 * inputs exist; a failing step fails the request with the step's own error.
 */
public final class EnsembleModel implements ServedModel {

    /** The {@code platform} value of an ensemble's config.pbtxt. */
    public static final String PLATFORM = "ensemble";

    private final String name;
    private final ModelConfig config;
    private final ModelSchema schema;
    private final List<ModelEnsembling.Step> steps;
    private final Map<String, ServedModel> stepModels;
    private final ModelStats stats = new ModelStats();

    /**
     * @param resolve the loaded model of a step's name (loading it if needed)
     * @throws BackendException {@link Reason#INVALID_MODEL} naming the first disagreement
     */
    public EnsembleModel(String name, ModelConfig config, Function<String, ServedModel> resolve) {
        this.name = name;
        this.config = config;
        this.schema = RequestCheck.schema(config);
        this.steps = List.copyOf(config.getEnsembleScheduling().getStepList());
        if (steps.isEmpty()) {
            throw bad("has no ensemble_scheduling steps");
        }
        Map<String, ServedModel> resolved = new LinkedHashMap<>();
        for (ModelEnsembling.Step step : steps) {
            if (step.getModelName().equals(name)) {
                throw bad("lists itself as a step");
            }
            if (step.getModelVersion() > 0) {
                throw bad("step '" + step.getModelName() + "' asks for version " + step.getModelVersion()
                        + "; the embedded backend serves the latest version only (model_version: -1)");
            }
            resolved.computeIfAbsent(step.getModelName(), resolve);
        }
        this.stepModels = Map.copyOf(resolved);
        checkGraph();
    }

    private record Tensor(DataType type, List<Long> dims, boolean optional, String origin) {}

    private void checkGraph() {
        Map<String, Tensor> available = new HashMap<>();
        for (ModelInput in : config.getInputList()) {
            available.put(
                    in.getName(),
                    new Tensor(
                            KServeCodec.dataType(in.getDataType()),
                            in.getDimsList(),
                            in.getOptional(),
                            "ensemble input"));
        }
        Set<String> consumed = new HashSet<>();
        for (ModelEnsembling.Step step : steps) {
            ModelConfig sc = stepModels.get(step.getModelName()).config();
            if (config.getMaxBatchSize() > sc.getMaxBatchSize()) {
                throw bad("allows maximum batch size " + config.getMaxBatchSize() + ", but it contains model "
                        + step.getModelName() + " which only allows maximum batch size to be " + sc.getMaxBatchSize());
            }
            for (Map.Entry<String, String> e : step.getInputMapMap().entrySet()) {
                ModelInput in = sc.getInputList().stream()
                        .filter(i -> i.getName().equals(e.getKey()))
                        .findFirst()
                        .orElseThrow(() -> bad("ensemble tensor " + e.getValue() + " is mapping to non-existing input "
                                + e.getKey() + " in model " + step.getModelName()));
                Tensor source = available.get(e.getValue());
                if (source == null) {
                    throw bad("ensemble tensor " + e.getValue() + " feeds model " + step.getModelName()
                            + " before any step produces it");
                }
                agree(
                        e.getValue(),
                        source,
                        new Tensor(
                                KServeCodec.dataType(in.getDataType()),
                                in.getDimsList(),
                                in.getOptional(),
                                "model " + step.getModelName()));
                if (source.optional() && !in.getOptional()) {
                    throw bad("optional ensemble input " + e.getValue() + " feeds required input " + e.getKey()
                            + " of model " + step.getModelName());
                }
                consumed.add(e.getValue());
            }
            for (ModelInput in : sc.getInputList()) {
                if (!in.getOptional() && !step.getInputMapMap().containsKey(in.getName())) {
                    throw bad("input " + in.getName() + " in model " + step.getModelName()
                            + " is not mapped to any ensemble tensors");
                }
            }
            for (Map.Entry<String, String> e : step.getOutputMapMap().entrySet()) {
                ModelOutput out = RequestCheck.output(sc, e.getKey());
                if (out == null) {
                    throw bad("ensemble tensor " + e.getValue() + " is mapped from non-existing output " + e.getKey()
                            + " in model " + step.getModelName());
                }
                if (available.containsKey(e.getValue())) {
                    throw bad("ensemble tensor " + e.getValue() + " is produced twice");
                }
                available.put(
                        e.getValue(),
                        new Tensor(
                                KServeCodec.dataType(out.getDataType()),
                                out.getDimsList(),
                                false,
                                "model " + step.getModelName()));
            }
        }
        for (ModelInput in : config.getInputList()) {
            if (!consumed.contains(in.getName())) {
                throw bad("ensemble input " + in.getName() + " is not used by any step");
            }
        }
        for (ModelOutput out : config.getOutputList()) {
            Tensor produced = available.get(out.getName());
            if (produced == null) {
                throw bad("ensemble output " + out.getName() + " is not produced by any step");
            }
            agree(
                    out.getName(),
                    produced,
                    new Tensor(KServeCodec.dataType(out.getDataType()), out.getDimsList(), false, "ensemble output"));
        }
    }

    private void agree(String tensor, Tensor a, Tensor b) {
        if (a.type() != b.type()) {
            throw bad("ensemble tensor " + tensor + ": inconsistent data type: "
                    + a.type().configName() + " is inferred from " + a.origin() + " while "
                    + b.type().configName() + " is inferred from " + b.origin());
        }
        boolean same = a.dims().size() == b.dims().size();
        for (int i = 0; same && i < a.dims().size(); i++) {
            long x = a.dims().get(i);
            long y = b.dims().get(i);
            same = x == y || x == -1 || y == -1;
        }
        if (!same) {
            throw bad("ensemble tensor " + tensor + ": inconsistent shape: " + a.dims() + " is inferred from "
                    + a.origin() + " while " + b.dims() + " is inferred from " + b.origin());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    /** The step models in the order of the config's steps. */
    public List<String> stepNames() {
        return steps.stream().map(ModelEnsembling.Step::getModelName).toList();
    }

    @Override
    public void validate(InferRequest request) {
        RequestCheck.validate(schema, request);
    }

    @Override
    public ModelStatistics statistics() {
        return stats.snapshot(name, version());
    }

    @Override
    public InferResult run(InferRequest request, long acceptedNanos) {
        long start = System.nanoTime();
        try {
            long batch = RequestCheck.validate(schema, request);
            Map<String, InferOutput> tensors = new HashMap<>();
            for (InferInput in : request.inputs()) {
                tensors.put(in.name(), new InferOutput(in.name(), in.dataType(), in.shape(), in.data(), Map.of()));
            }
            long inputsReady = System.nanoTime();
            for (ModelEnsembling.Step step : steps) {
                runStep(step, request, tensors);
            }
            long inferred = System.nanoTime();
            List<String> wanted = request.outputs().isEmpty()
                    ? config.getOutputList().stream().map(ModelOutput::getName).toList()
                    : request.outputs().stream().map(RequestedOutput::name).toList();
            List<InferOutput> outputs = new ArrayList<>(wanted.size());
            for (String out : wanted) {
                InferOutput t = tensors.get(out);
                if (t == null) {
                    throw new BackendException(
                            Reason.INTERNAL, "ensemble '" + name + "' produced no tensor '" + out + "'");
                }
                outputs.add(t);
            }
            stats.success(batch, acceptedNanos, start, inputsReady, inferred);
            return new InferResult(name, version(), request.id(), Map.of(), outputs);
        } catch (RuntimeException e) {
            stats.failure(System.nanoTime() - acceptedNanos);
            throw e;
        }
    }

    private void runStep(ModelEnsembling.Step step, InferRequest request, Map<String, InferOutput> tensors) {
        ServedModel model = stepModels.get(step.getModelName());
        InferRequest.Builder sub =
                InferRequest.builder().modelName(model.name()).id(request.id());
        for (Map.Entry<String, String> e : step.getInputMapMap().entrySet()) {
            InferOutput t = tensors.get(e.getValue());
            if (t != null) { // absent only for an optional input the request left out (checked at load)
                sub.input(InferInput.ofRaw(e.getKey(), t.dataType(), t.shape(), t.data()));
            }
        }
        step.getOutputMapMap().keySet().forEach(sub::output);
        InferResult result = model.run(sub.build(), System.nanoTime());
        for (Map.Entry<String, String> e : step.getOutputMapMap().entrySet()) {
            InferOutput out = result.output(e.getKey());
            tensors.put(e.getValue(), new InferOutput(e.getValue(), out.dataType(), out.shape(), out.data(), Map.of()));
        }
    }

    private BackendException bad(String message) {
        return new BackendException(Reason.INVALID_MODEL, "in ensemble '" + name + "', " + message);
    }

    @Override
    public void close() {
        // The step models belong to the backend, which closes them.
    }
}
