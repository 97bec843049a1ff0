package io.radio4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The radio4j.* settings shared by the Quarkus and Spring Boot modules: defaults, checks, the backend spec. */
class RadioSettingsTest {

    @Test
    void should_default_to_the_embedded_tiny_models_and_the_documented_limits() {
        assertThat(RadioSettings.DEFAULTS.backend().spec())
                .isEqualTo(BackendSpec.builder().concurrency(2).build());
        assertThat(RadioSettings.DEFAULTS.backend().deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RadioSettings.DEFAULTS.limits())
                .isEqualTo(new RadioSettings.Limits(64, 2048, 16_777_216L, 89_478_485L));
    }

    @Test
    void should_give_triton_its_addresses_tokenizer_folder_and_deadline() {
        RadioSettings.Backend triton = new RadioSettings.Backend(
                BackendSpec.Kind.TRITON,
                Path.of("models"),
                List.of("gpu-1:8001", "gpu-2:8001"),
                false,
                Path.of("ca.pem"),
                Duration.ofSeconds(7),
                Duration.ofSeconds(2),
                3);
        BackendSpec spec = triton.spec();
        assertThat(spec.targets()).containsExactly("gpu-1:8001", "gpu-2:8001");
        assertThat(spec.repository()).isNull();
        assertThat(spec.localRepository()).isEqualTo(Path.of("models"));
        assertThat(spec.tls()).isTrue();
        assertThat(spec.deadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.maxReconnectBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.concurrency()).as("the server sets its own").isNull();
    }

    @Test
    void should_name_the_key_at_fault() {
        assertThatThrownBy(() -> RadioSettings.Backend.DEFAULTS
                        .withTritonAddresses(List.of())
                        .spec())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("radio4j.backend.triton-addresses");
        assertThatThrownBy(() -> new RadioSettings.Limits(0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("radio4j.limits.max-items-per-call must be positive, got 0");
        assertThatThrownBy(() -> new RadioSettings.Limits(1, 1, 1, -5))
                .hasMessage("radio4j.limits.max-image-pixels must be positive, got -5");
        assertThatThrownBy(() -> new RadioSettings.Backend(
                        BackendSpec.Kind.EMBEDDED, null, null, false, null, Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessage("radio4j.backend.deadline must be positive, got PT0S");
        assertThatThrownBy(() -> new RadioSettings.Backend(
                        BackendSpec.Kind.EMBEDDED,
                        null,
                        null,
                        false,
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        0))
                .hasMessageContaining("radio4j.backend.embedded-concurrency");
    }
}
