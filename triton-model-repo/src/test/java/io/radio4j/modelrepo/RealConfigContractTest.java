package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.triton.protocol.DataType;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelInstanceGroup;
import io.radio4j.triton.protocol.ModelOutput;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The production configs parse as Triton ModelConfigs and carry the model contracts of the design
 * (tensor names, dtypes, published dimensions), with batching settings Triton accepts.
 * Agreement with real engines is checked by the export tooling on a GPU machine.
 */
class RealConfigContractTest {

    static final List<String> MODELS = TinyRepository.MODELS;

    @ParameterizedTest
    @FieldSource("MODELS")
    void config_should_describe_a_batching_tensorrt_model_on_gpu(String model) throws IOException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.REAL.resolve(model));

        assertThat(config.getName()).isEqualTo(model);
        assertThat(config.getPlatform()).isEqualTo("tensorrt_plan");
        assertThat(config.getMaxBatchSize()).isPositive();
        assertThat(config.getDynamicBatching().getPreferredBatchSizeList())
                .isNotEmpty()
                .allSatisfy(size -> assertThat(size).isBetween(1, config.getMaxBatchSize()));
        assertThat(config.getDynamicBatching().getMaxQueueDelayMicroseconds()).isPositive();
        assertThat(config.getInstanceGroupList())
                .singleElement()
                .satisfies(group -> assertThat(group.getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_GPU));
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void warmup_should_feed_every_input_with_concrete_dims_within_max_batch(String model) throws IOException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.REAL.resolve(model));

        assertThat(config.getModelWarmupList()).singleElement().satisfies(warmup -> {
            assertThat(warmup.getBatchSize()).isBetween(1, config.getMaxBatchSize());
            assertThat(warmup.getInputsMap().keySet())
                    .containsExactlyInAnyOrderElementsOf(config.getInputList().stream()
                            .map(ModelInput::getName)
                            .toList());
            for (ModelInput input : config.getInputList()) {
                var feed = warmup.getInputsOrThrow(input.getName());
                assertThat(feed.getDataType()).isEqualTo(input.getDataType());
                assertThat(feed.getDimsList())
                        .hasSameSizeAs(input.getDimsList())
                        .allSatisfy(d -> assertThat(d).isPositive());
                assertThat(feed.getZeroData()).isTrue();
            }
        });
    }

    @Test
    void c_radio_models_should_take_variable_uint8_images_and_give_published_dims() throws IOException {
        assertCRadio("c_radio_v4_h", 2560, 1280);
        assertCRadio("c_radio_v4_so400m", 2304, 1152);
    }

    @Test
    void radio1d_should_give_10_prefix_plus_256_tokens_of_2560_at_512() throws IOException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.REAL.resolve("radio1d_h"));

        assertThat(config.getInputList()).extracting(ModelInput::getName).contains("image");
        assertInput(config.getInput(0), "image", DataType.TYPE_UINT8, 512, 512, 3);
        assertOutput(config, "tokens", DataType.TYPE_FP32, 266, 2560);
    }

    @Test
    void clip_towers_should_share_one_space_and_publish_siglip_logits() throws IOException {
        ModelConfig vision = TinyRepository.parseConfig(TinyRepository.REAL.resolve("radio_clip_vision"));
        ModelConfig text = TinyRepository.parseConfig(TinyRepository.REAL.resolve("radio_clip_text"));

        assertInput(vision.getInput(0), "image", DataType.TYPE_UINT8, 224, 224, 3);
        assertInput(text.getInput(0), "input_ids", DataType.TYPE_INT64, 64);
        assertOutput(vision, "embedding", DataType.TYPE_FP32, 1536);
        assertOutput(text, "embedding", DataType.TYPE_FP32, 1536);
        for (ModelConfig config : List.of(vision, text)) {
            double scale = Double.parseDouble(
                    config.getParametersOrThrow("logit_scale").getStringValue());
            double bias =
                    Double.parseDouble(config.getParametersOrThrow("logit_bias").getStringValue());
            assertThat(Math.exp(scale)).isGreaterThan(1.0);
            assertThat(bias).isNegative();
        }
    }

    private static void assertCRadio(String model, long summary, long width) throws IOException {
        ModelConfig config = TinyRepository.parseConfig(TinyRepository.REAL.resolve(model));
        assertThat(config.getInputCount()).isEqualTo(1);
        assertInput(config.getInput(0), "image", DataType.TYPE_UINT8, -1, -1, 3);
        assertOutput(config, "summary", DataType.TYPE_FP32, summary);
        assertOutput(config, "features", DataType.TYPE_FP32, -1, width);
        assertThat(config.getParametersOrThrow("image_min_hw").getStringValue()).matches("\\d+x\\d+");
        assertThat(config.getParametersOrThrow("image_max_hw").getStringValue()).matches("\\d+x\\d+");
    }

    private static void assertInput(ModelInput input, String name, DataType type, long... dims) {
        assertThat(input.getName()).isEqualTo(name);
        assertThat(input.getDataType()).isEqualTo(type);
        assertThat(input.getDimsList()).containsExactly(box(dims));
    }

    private static void assertOutput(ModelConfig config, String name, DataType type, long... dims) {
        ModelOutput output = config.getOutputList().stream()
                .filter(o -> o.getName().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(output.getDataType()).isEqualTo(type);
        assertThat(output.getDimsList()).containsExactly(box(dims));
    }

    private static Long[] box(long... dims) {
        return java.util.Arrays.stream(dims).boxed().toArray(Long[]::new);
    }
}
