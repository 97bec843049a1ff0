package io.radio4j.triton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response to one inference request. Immutable and thread-safe.
 *
 * @param modelName the model that answered
 * @param modelVersion the version that answered
 * @param id the request id, echoed; {@code ""} if none was given
 * @param parameters response parameters (Boolean, Long, String or Double values)
 * @param outputs the outputs in the server's order
 */
public record InferResult(
        String modelName, String modelVersion, String id, Map<String, Object> parameters, List<InferOutput> outputs) {

    /**
     * Copies the maps and lists.
     *
     * @throws IllegalArgumentException if a name is null or two outputs share a name
     */
    public InferResult {
        if (modelName == null || modelVersion == null || id == null) {
            throw new IllegalArgumentException("model name, version and id must be non-null");
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        outputs = List.copyOf(outputs);
        Map<String, InferOutput> seen = new LinkedHashMap<>();
        for (InferOutput output : outputs) {
            if (seen.put(output.name(), output) != null) {
                throw new IllegalArgumentException("response has output '" + output.name() + "' twice");
            }
        }
    }

    /**
     * The output called {@code name}.
     *
     * @throws IllegalArgumentException if the response has no such output, listing those it has
     */
    public InferOutput output(String name) {
        for (InferOutput output : outputs) {
            if (output.name().equals(name)) {
                return output;
            }
        }
        throw new IllegalArgumentException("model '" + modelName + "' returned no output '" + name + "'; outputs: "
                + outputs.stream().map(InferOutput::name).toList());
    }

    /** Outputs by name, in the server's order. */
    public Map<String, InferOutput> outputsByName() {
        Map<String, InferOutput> byName = new LinkedHashMap<>();
        outputs.forEach(output -> byName.put(output.name(), output));
        return byName;
    }
}
