package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.radio4j.triton.protocol.DataType;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every tiny config.pbtxt parses as a Triton ModelConfig and says exactly what its ONNX graph has. */
class TinyConfigAgreementTest {

    static final List<String> MODELS = TinyRepository.MODELS;

    private static final Map<DataType, OnnxJavaType> ONNX_TYPES = Map.of(
            DataType.TYPE_UINT8, OnnxJavaType.UINT8,
            DataType.TYPE_INT32, OnnxJavaType.INT32,
            DataType.TYPE_INT64, OnnxJavaType.INT64,
            DataType.TYPE_FP32, OnnxJavaType.FLOAT);

    @ParameterizedTest
    @FieldSource("MODELS")
    void config_should_name_its_model_and_batch(String model) throws IOException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.TINY.resolve(model));

        assertThat(config.getName()).isEqualTo(model);
        assertThat(config.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(config.getBackend()).isEqualTo("onnxruntime");
        assertThat(config.getMaxBatchSize()).isPositive();
        assertThat(config.hasDynamicBatching()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void config_inputs_should_match_the_onnx_graph(String model) throws IOException, OrtException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.TINY.resolve(model));
        try (OrtSession session = open(model)) {
            Map<String, NodeInfo> graphInputs = session.getInputInfo();

            assertThat(graphInputs.keySet())
                    .containsExactlyInAnyOrderElementsOf(config.getInputList().stream()
                            .map(ModelInput::getName)
                            .toList());
            for (ModelInput input : config.getInputList()) {
                assertTensor(
                        model,
                        input.getName(),
                        input.getDataType(),
                        input.getDimsList(),
                        graphInputs.get(input.getName()));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void config_outputs_should_match_the_onnx_graph(String model) throws IOException, OrtException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.TINY.resolve(model));
        try (OrtSession session = open(model)) {
            Map<String, NodeInfo> graphOutputs = session.getOutputInfo();

            assertThat(graphOutputs.keySet())
                    .containsExactlyInAnyOrderElementsOf(config.getOutputList().stream()
                            .map(ModelOutput::getName)
                            .toList());
            for (ModelOutput output : config.getOutputList()) {
                assertTensor(
                        model,
                        output.getName(),
                        output.getDataType(),
                        output.getDimsList(),
                        graphOutputs.get(output.getName()));
            }
        }
    }

    private static void assertTensor(String model, String name, DataType type, List<Long> dims, NodeInfo node) {
        TensorInfo info = (TensorInfo) node.getInfo();
        assertThat(info.type).as("%s/%s data type", model, name).isEqualTo(ONNX_TYPES.get(type));
        // max_batch_size > 0: the graph has the batch dimension (dynamic) in front of the config's dims.
        long[] expected = LongStream.concat(LongStream.of(-1), dims.stream().mapToLong(Long::longValue))
                .toArray();
        assertThat(info.getShape()).as("%s/%s shape", model, name).containsExactly(expected);
    }

    private static OrtSession open(String model) throws OrtException {
        return OrtEnvironment.getEnvironment()
                .createSession(TinyRepository.onnx(model).toString(), new OrtSession.SessionOptions());
    }
}
