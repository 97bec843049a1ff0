package io.radio4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Contract checks on metadata as real engines would declare it (no model runs here). */
class ModelContractsTest {

    /** A backend that only answers metadata and configuration. */
    private static InferenceBackend declaring(
            List<TensorMetadata> inputs, List<TensorMetadata> outputs, int maxBatch, Map<String, String> parameters) {
        return new InferenceBackend() {
            @Override
            public ModelConfiguration modelConfig(String model) {
                return new ModelConfiguration(
                        model,
                        "tensorrt_plan",
                        "",
                        maxBatch,
                        List.of(),
                        List.of(),
                        parameters,
                        null,
                        List.of(),
                        List.of(),
                        "");
            }

            @Override
            public ModelMetadata modelMetadata(String model) {
                return new ModelMetadata(model, List.of("1"), "tensorrt_plan", inputs, outputs);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public boolean isModelReady(String model) {
                return true;
            }

            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                throw new UnsupportedOperationException("metadata only");
            }

            @Override
            public String description() {
                return "declaring";
            }

            @Override
            public void close() {}
        };
    }

    private static TensorMetadata t(String name, DataType type, long... shape) {
        return new TensorMetadata(name, type, shape);
    }

    private static final TensorMetadata IMAGE_512 = t("image", DataType.UINT8, -1, 512, 512, 3);

    @Test
    void should_read_the_real_c_radio_v4_h_contract() {
        CRadioContract c = ModelContracts.cradio(
                declaring(
                        List.of(IMAGE_512),
                        List.of(t("summary", DataType.FP32, -1, 2560), t("features", DataType.FP16, -1, 1024, 1280)),
                        64,
                        Map.of()),
                "c_radio_v4_h");
        assertThat(c.summaryDimension()).isEqualTo(2560);
        assertThat(c.featureDimension()).isEqualTo(1280);
        assertThat(c.featureType()).isEqualTo(DataType.FP16);
        assertThat(c.maxBatchSize()).isEqualTo(64);
        assertThat(c.image().isFixed()).isTrue();
    }

    @Test
    void should_check_a_fixed_radio1d_output_length_against_prefix_and_resolution() {
        Radio1dContract ok = ModelContracts.radio1d(
                declaring(List.of(IMAGE_512), List.of(t("tokens", DataType.FP16, -1, 266, 2560)), 16, Map.of()),
                "radio1d_h");
        assertThat(ok.prefixTokens()).isEqualTo(10);
        assertThat(ok.supportsNumTokens()).isFalse();
        assertThat(Radio1dContract.maxTokens(512, 512)).isEqualTo(256);
        assertThatThrownBy(() -> ModelContracts.radio1d(
                        declaring(List.of(IMAGE_512), List.of(t("tokens", DataType.FP16, -1, 265, 2560)), 16, Map.of()),
                        "radio1d_h"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining(
                        "fixed length of 265, but 10 prefix tokens + the 256 tokens of a 512x512 image make 266");
        Radio1dContract eight = ModelContracts.radio1d(
                declaring(
                        List.of(IMAGE_512),
                        List.of(t("tokens", DataType.FP16, -1, 264, 2560)),
                        16,
                        Map.of("prefix_tokens", "8")),
                "radio1d_h");
        assertThat(eight.prefixTokens()).isEqualTo(8);
    }

    @Test
    void should_name_what_is_wrong_with_the_image_input() {
        List<TensorMetadata> outputs =
                List.of(t("summary", DataType.FP32, -1, 8), t("features", DataType.FP32, -1, -1, 4));
        assertThatThrownBy(() -> ModelContracts.cradio(
                        declaring(List.of(t("input", DataType.UINT8, -1, 224, 224, 3)), outputs, 8, Map.of()), "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("has no image input");
        assertThatThrownBy(() -> ModelContracts.cradio(
                        declaring(List.of(t("image", DataType.FP32, -1, 224, 224, 3)), outputs, 8, Map.of()), "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("input 'image' must be one of [UINT8]");
        assertThatThrownBy(() -> ModelContracts.cradio(
                        declaring(List.of(t("image", DataType.UINT8, -1, 3, 224, 224)), outputs, 8, Map.of()), "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("3 (RGB) channels last");
        assertThatThrownBy(() -> ModelContracts.cradio(
                        declaring(List.of(t("image", DataType.UINT8, -1, 225, 224, 3)), outputs, 8, Map.of()), "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("multiples of 16");
        assertThatThrownBy(() -> ModelContracts.cradio(declaring(List.of(IMAGE_512), outputs, 0, Map.of()), "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("max_batch_size is 0");
    }

    @Test
    void should_require_fixed_widths_and_float_outputs() {
        assertThatThrownBy(() -> ModelContracts.cradio(
                        declaring(
                                List.of(IMAGE_512),
                                List.of(t("summary", DataType.FP32, -1, -1), t("features", DataType.FP32, -1, -1, 4)),
                                8,
                                Map.of()),
                        "m"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("tensor 'summary' must have a fixed size in dimension 1");
        assertThatThrownBy(() -> ModelContracts.clipVision(
                        declaring(
                                List.of(t("image", DataType.UINT8, -1, 224, 224, 3)),
                                List.of(t("embedding", DataType.INT32, -1, 1536)),
                                8,
                                Map.of()),
                        "v"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("output 'embedding' must be one of");
    }

    @Test
    void should_read_siglip_calibration_only_when_complete_and_numeric() {
        List<TensorMetadata> in = List.of(t("input_ids", DataType.INT64, -1, 64));
        List<TensorMetadata> out = List.of(t("embedding", DataType.FP32, -1, 1536));
        ClipTextContract none = ModelContracts.clipText(declaring(in, out, 8, Map.of()), "t");
        assertThat(none.calibration()).isEmpty();
        assertThat(none.contextLength()).isEqualTo(64);
        ClipTextContract both = ModelContracts.clipText(
                declaring(in, out, 8, Map.of("logit_scale", "2.302585", "logit_bias", "-10")), "t");
        assertThat(both.calibration()).contains(new SigLipCalibration(2.302585, -10));
        assertThat(both.calibration().orElseThrow().probability(1.0))
                .isCloseTo(
                        1 / (1 + Math.exp(-(Math.exp(2.302585) - 10))), org.assertj.core.api.Assertions.within(1e-12));
        assertThatThrownBy(() -> ModelContracts.clipText(declaring(in, out, 8, Map.of("logit_scale", "2.3")), "t"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("only one of the parameters");
        assertThatThrownBy(() -> ModelContracts.clipText(
                        declaring(in, out, 8, Map.of("logit_scale", "big", "logit_bias", "0")), "t"))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("'logit_scale' is not a number: 'big'");
    }
}
