package io.radio4j.core.backend.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.ModelSchema;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.TritonException;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.server.KServeCodec;

/**
 * The request check of the embedded backend's models (ONNX graphs, preprocessing steps,
 * ensembles): triton-client's {@link ModelSchema#validate}, which holds Triton's checks, order and
 * texts, with its failure as this module's {@link BackendException}, plus the one refusal that is
 * the embedded backend's own (no classification extension on a direct call).
 */
final class RequestCheck {

    private RequestCheck() {}

    /** The schema requests to a model with this configuration are checked against. */
    static ModelSchema schema(ModelConfig config) {
        return ModelSchema.of(KServeCodec.configuration(config));
    }

    /**
     * Checks a request the way Triton's core does, in Triton's order and with its texts.
     *
     * @return the request's batch size (1 for a model that does not batch)
     * @throws BackendException {@link Reason#INVALID_REQUEST} with Triton's wording
     */
    static long validate(ModelSchema schema, InferRequest request) {
        long batch;
        try {
            batch = schema.validate(request);
        } catch (TritonException e) {
            throw invalid(e.serverMessage());
        }
        for (RequestedOutput out : request.outputs()) {
            if (out.classCount() > 0) {
                throw invalid("the embedded backend does not implement the classification extension (output '"
                        + out.name() + "' of model '" + schema.modelName() + "')");
            }
        }
        return batch;
    }

    static ModelOutput output(ModelConfig config, String name) {
        return config.getOutputList().stream()
                .filter(o -> o.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    static BackendException invalid(String message) {
        return new BackendException(Reason.INVALID_REQUEST, message);
    }
}
