package io.radio4j.benchmarks.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KServeRequestsTest {

    private static final ModelMetadata RADIO1D = new ModelMetadata(
            "radio1d_h",
            List.of("1"),
            "onnxruntime_onnx",
            List.of(
                    new TensorMetadata("image", DataType.UINT8, new long[] {-1, -1, -1, 3}),
                    new TensorMetadata("num_tokens", DataType.INT32, new long[] {-1, 1})),
            List.of(new TensorMetadata("tokens", DataType.FP32, new long[] {-1, -1, 64})));

    @Test
    void should_replicate_an_entry_to_the_batch_size_as_perf_analyzer_b_does() throws Exception {
        String json = """
                {"data": [{"image": {"content": [1, 2, 3, 4, 5, 6], "shape": [1, 2, 3]}, "num_tokens": [7]}]}""";

        List<InferRequest> requests =
                KServeRequests.fromInputData(RADIO1D, true, Map.of(), new ObjectMapper().readTree(json), 3, 8);

        InferInput image = requests.get(0).inputs().get(0);
        assertThat(image.shape()).containsExactly(3, 1, 2, 3);
        byte[] bytes = new byte[image.byteSize()];
        image.data().get(bytes);
        assertThat(bytes).containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
        InferInput tokens = requests.get(0).inputs().get(1);
        assertThat(tokens.shape()).containsExactly(3, 1);
        assertThat(tokens.data().getInt(8)).isEqualTo(7);
    }

    @Test
    void should_refuse_what_perf_analyzer_refuses_naming_the_entry() {
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> KServeRequests.fromInputData(
                        RADIO1D, true, Map.of(), json.readTree("{\"data\": [{\"mask\": [1]}]}"), 1, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 0")
                .hasMessageContaining("mask");
        assertThatThrownBy(() -> KServeRequests.fromInputData(
                        RADIO1D,
                        true,
                        Map.of(),
                        json.readTree("{\"data\": [{\"image\": {\"content\": [1, 2], \"shape\": [1, 1, 3]}}]}"),
                        1,
                        8))
                .hasMessageContaining("do not fill shape");
        assertThatThrownBy(() ->
                        KServeRequests.fromInputData(RADIO1D, true, Map.of(), json.readTree("{\"data\": []}"), 1, 8))
                .hasMessageContaining("non-empty");
        ModelMetadata half = new ModelMetadata(
                "m", List.of(), "", List.of(new TensorMetadata("x", DataType.FP16, new long[] {2})), List.of());
        assertThatThrownBy(() -> KServeRequests.fromInputData(
                        half, false, Map.of(), json.readTree("{\"data\": [{\"x\": [1, 2]}]}"), 1, 8))
                .hasMessageContaining("b64");
        assertThatThrownBy(() -> KServeRequests.fromInputData(
                        RADIO1D,
                        true,
                        Map.of(),
                        json.readTree("{\"data\": [{\"num_tokens\": [1]}, {\"num_tokens\": [2]}]}"),
                        1,
                        1))
                .hasMessageContaining("more than the maximum of 1");
    }

    @Test
    void should_ask_for_a_shape_when_synthetic_data_meets_variable_dims() {
        assertThatThrownBy(() -> KServeRequests.synthetic(RADIO1D, true, Map.of(), 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--shape image:");
        List<InferRequest> requests =
                KServeRequests.synthetic(RADIO1D, true, Map.of("image", new long[] {32, 32, 3}), 2, 1);
        assertThat(requests.get(0).inputs().get(0).shape()).containsExactly(2, 32, 32, 3);
        assertThatThrownBy(() ->
                        KServeRequests.synthetic(RADIO1D, false, Map.of("image", new long[] {1, 32, 32, 3}), 2, 1))
                .hasMessageContaining("does not batch");
    }
}
