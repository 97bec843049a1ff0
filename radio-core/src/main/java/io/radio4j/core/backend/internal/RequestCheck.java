package io.radio4j.core.backend.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Triton's request checks against a model configuration (core {@code infer_request.cc}: input
 * names, datatypes, shapes, batch size, required inputs, requested outputs), for the models of the
 * embedded backend: ONNX graphs, preprocessing steps and ensembles. One implementation, so every
 * kind of model answers a bad request with the same text.
 */
final class RequestCheck {

    private RequestCheck() {}

    /**
     * Checks a request the way Triton's core does (names, datatypes, shapes, batch size, required
     * inputs, requested outputs), in Triton's order and with its texts.
     *
     * @return the request's batch size (1 for a model that does not batch)
     * @throws BackendException {@link Reason#INVALID_REQUEST} with Triton's wording
     */
    static long validate(ModelConfig config, InferRequest request) {
        String name = config.getName();
        long batch = -1;
        Set<String> seen = new LinkedHashSet<>();
        for (InferInput input : request.inputs()) {
            ModelInput declared = config.getInputList().stream().filter(i -> i.getName().equals(input.name())).findFirst()
                    .orElseThrow(() -> invalid("unexpected inference input '" + input.name() + "' for model '" + name + "'"));
            seen.add(input.name());
            DataType expectedType = DataType.fromConfig(declared.getDataType());
            if (input.dataType() != expectedType) {
                throw invalid("inference input '" + input.name() + "' data-type is '" + input.dataType().wireName()
                        + "', but model '" + name + "' expects '" + expectedType.wireName() + "'");
            }
            long[] expected = ModelConfigs.fullShape(config, declared.getDimsList());
            long[] shape = input.shape();
            if (!ModelConfigs.matches(expected, shape)) {
                String note = config.getMaxBatchSize() > 0
                        ? ". NOTE: Setting a non-zero max_batch_size in the model config requires a batch dimension to be prepended to each input shape"
                        : "";
                throw invalid("unexpected shape for input '" + input.name() + "' for model '" + name + "'. Expected "
                        + ModelConfigs.format(expected) + ", got " + ModelConfigs.format(shape) + note);
            }
            if (config.getMaxBatchSize() > 0) {
                if (batch >= 0 && shape[0] != batch) {
                    throw invalid("input '" + input.name() + "' has batch size " + shape[0] + " but other inputs have "
                            + batch + " for model '" + name + "'");
                }
                batch = shape[0];
            }
        }
        if (config.getMaxBatchSize() > 0 && (batch < 1 || batch > config.getMaxBatchSize())) {
            // Triton's text (core infer_request.cc Normalize); a batch of 0 has no Triton text of its own.
            throw invalid(batch < 1 ? "inference request batch-size must be >= 1 for '" + name + "'"
                    : "inference request batch-size must be <= " + config.getMaxBatchSize() + " for '" + name + "'");
        }
        List<String> missing = new ArrayList<>();
        for (ModelInput in : config.getInputList()) {
            if (!in.getOptional() && !seen.contains(in.getName())) {
                missing.add(in.getName());
            }
        }
        if (!missing.isEmpty()) {
            // Triton's wording (core infer_request.cc ValidateRequestInputs), without its request-id prefix.
            throw invalid("expected " + config.getInputCount() + " inputs but got " + seen.size() + " inputs for model '" + name
                    + "'. Got input(s) " + quoted(seen) + ", but missing required input(s) " + quoted(missing)
                    + ". Please provide all required input(s).");
        }
        for (RequestedOutput out : request.outputs()) {
            if (output(config, out.name()) == null) {
                throw invalid("unexpected inference output '" + out.name() + "' for model '" + name + "'");
            }
            if (out.classCount() > 0) {
                throw invalid("the embedded backend does not implement the classification extension (output '"
                        + out.name() + "' of model '" + name + "')");
            }
        }
        return config.getMaxBatchSize() > 0 ? batch : 1;
    }

    private static String quoted(java.util.Collection<String> names) {
        return "[" + String.join(",", names.stream().map(n -> "'" + n + "'").toList()) + "]";
    }

    static ModelOutput output(ModelConfig config, String name) {
        return config.getOutputList().stream().filter(o -> o.getName().equals(name)).findFirst().orElse(null);
    }

    static BackendException invalid(String message) {
        return new BackendException(Reason.INVALID_REQUEST, message);
    }
}
