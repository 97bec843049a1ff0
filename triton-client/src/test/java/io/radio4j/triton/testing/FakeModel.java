package io.radio4j.triton.testing;

import io.grpc.StatusException;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.protocol.ModelConfig;
import java.util.List;
import java.util.Map;

/**
 * A model served by {@link FakeTritonService}: its configuration (inputs are validated against it
 * the way Triton does, unless it declares none) and what it computes.
 *
 * @param config the model configuration; an empty input list accepts any inputs
 * @param handler computes the outputs of one request
 */
public record FakeModel(ModelConfig config, Handler handler) {

    /** What a fake model computes. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param inputs the request's inputs, already validated
         * @param parameters the request's parameters as Java values
         * @return the outputs, all of them (the service filters requested ones)
         * @throws StatusException to fail the request with that status
         */
        List<InferOutput> infer(List<InferInput> inputs, Map<String, Object> parameters) throws StatusException;
    }

    public String name() {
        return config.getName();
    }
}
