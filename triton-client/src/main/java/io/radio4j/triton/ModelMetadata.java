package io.radio4j.triton;

import java.util.List;

/**
 * A model's metadata (KServe v2 {@code ModelMetadata}). Shapes of a batching model carry a
 * leading -1 batch dimension. Immutable.
 *
 * @param name model name
 * @param versions available versions
 * @param platform e.g. {@code "tensorrt_plan"} or {@code "onnxruntime_onnx"}
 * @param inputs input tensors
 * @param outputs output tensors
 */
public record ModelMetadata(
        String name,
        List<String> versions,
        String platform,
        List<TensorMetadata> inputs,
        List<TensorMetadata> outputs) {

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if the name is null
     */
    public ModelMetadata {
        if (name == null) {
            throw new IllegalArgumentException("model name is null");
        }
        versions = List.copyOf(versions);
        platform = platform == null ? "" : platform;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * The input called {@code name}.
     *
     * @throws IllegalArgumentException naming the model's inputs if there is none such
     */
    public TensorMetadata input(String inputName) {
        return find(inputs, inputName, "input");
    }

    /**
     * The output called {@code name}.
     *
     * @throws IllegalArgumentException naming the model's outputs if there is none such
     */
    public TensorMetadata output(String outputName) {
        return find(outputs, outputName, "output");
    }

    private TensorMetadata find(List<TensorMetadata> tensors, String tensorName, String kind) {
        for (TensorMetadata tensor : tensors) {
            if (tensor.name().equals(tensorName)) {
                return tensor;
            }
        }
        throw new IllegalArgumentException("unexpected inference " + kind + " '" + tensorName + "' for model '" + name
                + "'; it has " + tensors.stream().map(TensorMetadata::name).toList());
    }
}
