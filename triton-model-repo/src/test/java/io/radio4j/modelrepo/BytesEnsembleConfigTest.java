package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.triton.protocol.DataType;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelEnsembling;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The {@code <model>_bytes} ensembles of models/ (unpack, DALI, engine) and tiny/ (radio4j
 * preprocessing, engine) parse as Triton ModelConfigs and agree with their steps along every edge
 * of {@code ensemble_scheduling}: each mapped name is a tensor of the step model, datatypes and dims
 * agree, every step input is fed, every ensemble output is produced, no step batches less than the
 * ensemble (the checks of Triton core's ensemble_utils.cc ValidateEnsembleConfig).
 */
class BytesEnsembleConfigTest {

    static final List<String> IMAGE_MODELS =
            List.of("c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h", "radio_clip_vision");

    private record Tensor(DataType type, List<Long> dims, String origin) {}

    @ParameterizedTest
    @FieldSource("IMAGE_MODELS")
    void gpu_ensemble_should_chain_unpack_dali_and_the_engine(String model) throws IOException {
        ModelConfig ensemble = check(TinyRepository.REAL, model);
        assertThat(ensemble.getEnsembleScheduling().getStepList())
                .extracting(ModelEnsembling.Step::getModelName)
                .containsExactly("radio4j_unpack_bytes", model + "_dali", model);
        ModelConfig dali = TinyRepository.parseConfig(TinyRepository.REAL.resolve(model + "_dali"));
        assertThat(dali.getBackend()).isEqualTo("dali");
        assertThat(dali.getInput(0).getDataType())
                .isEqualTo(DataType.TYPE_UINT8); // DALI's backend reads no TYPE_STRING
        assertThat(dali.getParametersMap()).isEqualTo(ensemble.getParametersMap());
    }

    @ParameterizedTest
    @FieldSource("IMAGE_MODELS")
    void embedded_ensemble_should_chain_radio4j_preprocessing_and_the_engine(String model) throws IOException {
        ModelConfig ensemble = check(TinyRepository.TINY, model);
        assertThat(ensemble.getEnsembleScheduling().getStepList())
                .extracting(ModelEnsembling.Step::getModelName)
                .containsExactly(model + "_preprocess", model);
        ModelConfig pre = TinyRepository.parseConfig(TinyRepository.TINY.resolve(model + "_preprocess"));
        assertThat(pre.getBackend()).isEqualTo("radio4j");
        assertThat(pre.getParametersMap().get("resize_mode"))
                .isEqualTo(ensemble.getParametersMap().get("resize_mode"));
        assertThat(pre.getParametersMap().get("resize_hw"))
                .isEqualTo(ensemble.getParametersMap().get("resize_hw"));
        assertThat(pre.getParametersMap()).containsKeys("speed", "max_encoded_bytes", "max_pixels", "max_frames");
    }

    /** Parses {@code <model>_bytes} and checks it against its steps; returns it. */
    private static ModelConfig check(Path repo, String model) throws IOException {
        ModelConfig ensemble = TinyRepository.parseConfig(repo.resolve(model + "_bytes"));
        ModelConfig engine = TinyRepository.parseConfig(repo.resolve(model));
        assertThat(ensemble.getName()).isEqualTo(model + "_bytes");
        assertThat(ensemble.getPlatform()).isEqualTo("ensemble");
        assertThat(ensemble.getMaxBatchSize()).isEqualTo(engine.getMaxBatchSize());
        assertThat(ensemble.getInput(0).getName()).isEqualTo("image_bytes");
        assertThat(ensemble.getInput(0).getDataType()).isEqualTo(DataType.TYPE_STRING);
        assertThat(ensemble.getInput(0).getDimsList()).containsExactly(1L);
        assertThat(ensemble.getOutputList()).isEqualTo(engine.getOutputList());

        Map<String, Tensor> available = new HashMap<>();
        ensemble.getInputList()
                .forEach(in -> available.put(in.getName(), new Tensor(in.getDataType(), in.getDimsList(), "ensemble")));
        for (ModelEnsembling.Step step : ensemble.getEnsembleScheduling().getStepList()) {
            ModelConfig sc = TinyRepository.parseConfig(repo.resolve(step.getModelName()));
            assertThat(sc.getName()).isEqualTo(step.getModelName());
            assertThat(sc.getMaxBatchSize()).as(step.getModelName()).isGreaterThanOrEqualTo(ensemble.getMaxBatchSize());
            for (ModelInput in : sc.getInputList()) {
                String source = step.getInputMapMap().get(in.getName());
                if (source == null) {
                    assertThat(in.getOptional())
                            .as(in.getName() + " of " + step.getModelName() + " is fed")
                            .isTrue();
                    continue;
                }
                assertThat(available)
                        .as("tensor " + source + " exists before " + step.getModelName())
                        .containsKey(source);
                agree(
                        source,
                        available.get(source),
                        new Tensor(in.getDataType(), in.getDimsList(), step.getModelName()));
            }
            assertThat(sc.getInputList().stream().map(ModelInput::getName).toList())
                    .containsAll(step.getInputMapMap().keySet());
            for (Map.Entry<String, String> e : step.getOutputMapMap().entrySet()) {
                ModelOutput out = sc.getOutputList().stream()
                        .filter(o -> o.getName().equals(e.getKey()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(step.getModelName() + " has no output " + e.getKey()));
                assertThat(available).doesNotContainKey(e.getValue());
                available.put(e.getValue(), new Tensor(out.getDataType(), out.getDimsList(), step.getModelName()));
            }
        }
        for (ModelOutput out : ensemble.getOutputList()) {
            assertThat(available).containsKey(out.getName());
            agree(
                    out.getName(),
                    available.get(out.getName()),
                    new Tensor(out.getDataType(), out.getDimsList(), "ensemble"));
        }
        return ensemble;
    }

    private static void agree(String tensor, Tensor a, Tensor b) {
        assertThat(b.type())
                .as(tensor + " from " + a.origin() + " into " + b.origin())
                .isEqualTo(a.type());
        assertThat(b.dims()).as(tensor + " dims").hasSameSizeAs(a.dims());
        for (int i = 0; i < a.dims().size(); i++) {
            long x = a.dims().get(i);
            long y = b.dims().get(i);
            assertThat(x == y || x == -1 || y == -1)
                    .as(tensor + " dims " + a.dims() + " vs " + b.dims())
                    .isTrue();
        }
    }
}
