package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.testing.TinyRepo;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings every encoder builder shares behave the same in all three. */
class EncoderBuilderTest {

    static Stream<Supplier<EncoderBuilder<?>>> builders() {
        return Stream.of(CRadioEncoder::builder, Radio1dEncoder::builder, RadioClipEncoder::builder);
    }

    @ParameterizedTest
    @MethodSource("builders")
    void out_of_range_values_should_be_refused_by_the_setter(Supplier<EncoderBuilder<?>> builder) {
        assertThatThrownBy(() -> builder.get().batchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> builder.get().maxItemsPerCall(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxItemsPerCall");
        assertThatThrownBy(() -> builder.get().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @ParameterizedTest
    @MethodSource("builders")
    void a_missing_backend_should_fail_the_build_naming_the_setting(Supplier<EncoderBuilder<?>> builder) {
        EncoderBuilder<?> b = builder.get();
        assertThatThrownBy(() -> build(b))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("backend(...)");
    }

    @org.junit.jupiter.api.Test
    void null_should_restore_the_default_resize_mode_and_resolution() {
        CRadioEncoder cradio = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resizeMode(ResizeMode.CENTER_CROP)
                .resizeMode(null)
                .timeout(null)
                .preprocessor(null)
                .executor(null)
                .build();
        assertThat(cradio.resizeSpec().mode()).isEqualTo(CRadioEncoder.DEFAULT_RESIZE_MODE);
        Radio1dEncoder radio1d = Radio1dEncoder.builder()
                .backend(TinyRepo.backend())
                .resizeMode(ResizeMode.SNAP16)
                .resizeMode(null)
                .build();
        assertThat(radio1d.resizeSpec().mode()).isEqualTo(Radio1dEncoder.DEFAULT_RESIZE_MODE);
    }

    @ParameterizedTest
    @MethodSource("builders")
    void max_items_per_call_should_bound_every_encoder_alike(Supplier<EncoderBuilder<?>> builder) {
        Object encoder = build(builder.get().backend(TinyRepo.backend()).maxItemsPerCall(1));
        List<byte[]> two = List.of(new byte[1], new byte[1]);
        Runnable call = switch (encoder) {
            case CRadioEncoder c -> () -> c.summaries(two);
            case Radio1dEncoder r -> () -> r.tokens(two, 1);
            case RadioClipEncoder clip -> () -> clip.embedImages(two);
            default -> throw new IllegalStateException();
        };
        assertThatThrownBy(call::run)
                .hasMessageContaining("2 items in one call; the limit is 1")
                .hasMessageContaining("maxItemsPerCall");
    }

    @org.junit.jupiter.api.Test
    void null_model_names_should_restore_the_defaults() {
        CRadioEncoder cradio = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .modelName("other")
                .modelName(null)
                .build();
        assertThat(cradio.contract().model())
                .isEqualTo(CRadioEncoder.DEFAULT_MODEL_NAME)
                .isEqualTo(RadioModels.C_RADIO_V4_H);
        try (RadioClipEncoder clip = RadioClipEncoder.builder()
                .backend(TinyRepo.backend())
                .visionModelName(null)
                .textModelName(null)
                .build()) {
            assertThat(clip.visionContract().model()).isEqualTo(RadioClipEncoder.DEFAULT_VISION_MODEL_NAME);
            assertThat(clip.textContract().model()).isEqualTo(RadioClipEncoder.DEFAULT_TEXT_MODEL_NAME);
        }
    }

    private static Object build(EncoderBuilder<?> b) {
        return switch (b) {
            case CRadioEncoder.Builder c -> c.build();
            case Radio1dEncoder.Builder r -> r.build();
            case RadioClipEncoder.Builder clip -> clip.build();
        };
    }
}
