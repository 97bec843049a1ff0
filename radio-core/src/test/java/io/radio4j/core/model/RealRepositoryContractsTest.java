package io.radio4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.internal.ModelConfigs;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.server.KServeCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The production model repository's config.pbtxt files (TensorRT engines, which cannot run here)
 * must satisfy the contracts the encoders check, as Triton would report them.
 */
class RealRepositoryContractsTest {

    private static final Path MODELS = TinyRepo.path().resolveSibling("models");

    /** What a Triton server serving those configs reports; inference is not available here. */
    private static final InferenceBackend TRITON_AS_CONFIGURED = new InferenceBackend() {
        @Override
        public ModelConfiguration modelConfig(String model) {
            return KServeCodec.configuration(pbtxt(model));
        }

        private ModelConfig pbtxt(String model) {
            try {
                return ModelConfigs.parse(Files.readString(MODELS.resolve(model).resolve("config.pbtxt")), model);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ModelMetadata modelMetadata(String model) {
            return ModelConfigs.toValue(ModelConfigs.metadata(pbtxt(model), List.of("1"), "tensorrt_plan"));
        }

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public boolean isModelReady(String model) {
            return false;
        }

        @Override
        public CompletableFuture<InferResult> infer(InferRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no GPU here"));
        }

        @Override
        public String description() {
            return "configs of " + MODELS;
        }

        @Override
        public void close() {}
    };

    @Test
    void should_accept_the_c_radio_configs_with_their_published_widths_and_profile() {
        CRadioContract h = ModelContracts.cradio(TRITON_AS_CONFIGURED, RadioModels.C_RADIO_V4_H);
        assertThat(h.summaryDimension()).isEqualTo(2560);
        assertThat(h.featureDimension()).isEqualTo(1280);
        assertThat(h.image().accepts(512, 512, 16)).isTrue();
        assertThat(h.image().accepts(2048, 2048, 16))
                .as("outside the engine's optimisation profile")
                .isFalse();
        CRadioContract so400m = ModelContracts.cradio(TRITON_AS_CONFIGURED, RadioModels.C_RADIO_V4_SO400M);
        assertThat(so400m.summaryDimension()).isEqualTo(2304);
        assertThat(so400m.featureDimension()).isEqualTo(1152);
    }

    @Test
    void should_refuse_a_resolution_outside_the_engine_profile_at_build_time() {
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(TRITON_AS_CONFIGURED)
                        .resolution(2048, 2048)
                        .verifyOnStart(false)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("2048x2048")
                .hasMessageContaining("to " + h().image().bounds().maxHeight() + "x"
                        + h().image().bounds().maxWidth());
        assertThat(CRadioEncoder.builder()
                        .backend(TRITON_AS_CONFIGURED)
                        .verifyOnStart(false)
                        .build()
                        .resizeSpec()
                        .height())
                .isEqualTo(512);
    }

    @Test
    void should_accept_the_radio1d_config_with_256_tokens_at_512() {
        Radio1dContract r = ModelContracts.radio1d(TRITON_AS_CONFIGURED, RadioModels.RADIO1D_H);
        assertThat(r.prefixTokens()).isEqualTo(10);
        assertThat(r.tokenDimension()).isEqualTo(2560);
        Radio1dEncoder encoder = Radio1dEncoder.builder()
                .backend(TRITON_AS_CONFIGURED)
                .verifyOnStart(false)
                .build();
        assertThat(encoder.maxTokens()).isEqualTo(256);
    }

    @Test
    void should_accept_the_clip_configs_as_one_space_with_calibration() {
        ClipVisionContract vision = ModelContracts.clipVision(TRITON_AS_CONFIGURED, RadioModels.RADIO_CLIP_VISION);
        ClipTextContract text = ModelContracts.clipText(TRITON_AS_CONFIGURED, RadioModels.RADIO_CLIP_TEXT);
        assertThat(vision.dimension()).isEqualTo(text.dimension());
        assertThat(vision.image().isFixed()).isTrue();
        assertThat(text.contextLength()).isEqualTo(64);
        assertThat(text.idsType()).isEqualTo(DataType.INT64);
        assertThat(text.calibration()).isPresent();
    }

    private static CRadioContract h() {
        return ModelContracts.cradio(TRITON_AS_CONFIGURED, RadioModels.C_RADIO_V4_H);
    }
}
