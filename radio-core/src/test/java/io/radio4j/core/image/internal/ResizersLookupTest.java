package io.radio4j.core.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How the resizer is chosen: forced, missing module, refused SIMD, and the SIMD refusal rules. */
class ResizersLookupTest {

    private static final ImageResizer FAKE_SIMD = new ScalarResizer();

    @Test
    void the_property_should_force_scalar_without_trying_simd() {
        AtomicInteger tried = new AtomicInteger();
        Resizers.Choice c = Resizers.lookup(" Scalar ", true, () -> {
            tried.incrementAndGet();
            return FAKE_SIMD;
        });
        assertThat(c.resizer()).isSameAs(Resizers.scalar());
        assertThat(c.reason()).contains(Resizers.RESIZER_PROPERTY + "=scalar");
        assertThat(tried).hasValue(0);
    }

    @Test
    void without_the_vector_module_it_should_say_how_to_enable_simd() {
        Resizers.Choice c = Resizers.lookup(null, false, () -> FAKE_SIMD);
        assertThat(c.resizer()).isSameAs(Resizers.scalar());
        assertThat(c.reason()).contains("--add-modules jdk.incubator.vector");
    }

    @Test
    void a_refusing_simd_constructor_should_fall_back_to_scalar_with_its_reason() {
        Supplier<ImageResizer> refusing = () -> {
            throw new UnsupportedOperationException("only 4 int lanes");
        };
        Resizers.Choice c = Resizers.lookup("auto", true, refusing);
        assertThat(c.resizer()).isSameAs(Resizers.scalar());
        assertThat(c.reason()).contains("refused").contains("only 4 int lanes");
    }

    @Test
    void an_unloadable_simd_class_should_fall_back_to_scalar() {
        Resizers.Choice c = Resizers.lookup(null, true, () -> {
            throw new NoClassDefFoundError("jdk/incubator/vector/IntVector");
        });
        assertThat(c.resizer()).isSameAs(Resizers.scalar());
        assertThat(c.reason()).contains("could not be loaded");
    }

    @Test
    void an_accepted_simd_resizer_should_be_chosen_without_a_reason() {
        Resizers.Choice c = Resizers.lookup(null, true, () -> FAKE_SIMD);
        assertThat(c.resizer()).isSameAs(FAKE_SIMD);
        assertThat(c.reason()).isNull();
    }

    @Test
    void an_unknown_property_value_should_be_reported_and_ignored() {
        Resizers.Choice c = Resizers.lookup("fast", true, () -> FAKE_SIMD);
        assertThat(c.resizer()).isSameAs(FAKE_SIMD);
        assertThat(c.reason()).contains("=fast is neither scalar nor auto");
    }

    @Test
    void the_choice_should_be_made_once() {
        assertThat(Resizers.best()).isSameAs(Resizers.best());
    }

    @Test
    void simd_should_refuse_too_few_lanes_and_a_jvm_without_c2() {
        assertThat(SimdResizer.unusableReason(4, 4, true)).contains("4 int lanes");
        assertThat(SimdResizer.unusableReason(8, 16, true)).contains("16 byte lanes");
        assertThat(SimdResizer.unusableReason(8, 8, false)).contains("C2");
        assertThat(SimdResizer.unusableReason(8, 8, true)).isNull();
        assertThat(SimdResizer.unusableReason(16, 16, true)).isNull();
    }

    @Test
    void a_geometry_should_refuse_a_window_outside_the_output() {
        assertThatThrownBy(() -> new ResizeGeometry(10, 10, 20, 20, 5, 0, 16, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaves");
        assertThatThrownBy(() -> ResizeGeometry.full(0, 10, 20, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResizeGeometry.full(3, 4, 5, 6).windowBytes()).isEqualTo(5 * 6 * 3);
    }
}
