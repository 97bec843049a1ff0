package io.radio4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the radio4j.backend.* keys become a BackendSpec, without starting an application. */
class BackendSpecFromConfigTest {

    private record Backend(
            BackendSpec.Kind kind,
            Optional<Path> repository,
            Optional<List<String>> tritonAddresses,
            boolean tritonTls,
            Optional<Path> tritonTrustedCertificates)
            implements Radio4jConfig.Backend {
        @Override
        public Duration deadline() {
            return Duration.ofSeconds(7);
        }

        @Override
        public Duration maxReconnectBackoff() {
            return Duration.ofSeconds(2);
        }

        @Override
        public int embeddedConcurrency() {
            return 3;
        }
    }

    @Test
    void should_embed_the_repository_folder_or_the_tiny_models() {
        BackendSpec tiny = RadioBeans.spec(
                new Backend(BackendSpec.Kind.EMBEDDED, Optional.empty(), Optional.empty(), false, Optional.empty()));
        assertThat(tiny).isEqualTo(BackendSpec.builder().concurrency(3).build());
        BackendSpec folder = RadioBeans.spec(new Backend(
                BackendSpec.Kind.EMBEDDED, Optional.of(Path.of("models")), Optional.empty(), false, Optional.empty()));
        assertThat(folder.repository()).isEqualTo(Path.of("models"));
        assertThat(folder.deadline())
                .as("the deadline guards embedded calls elsewhere")
                .isNull();
    }

    @Test
    void should_read_the_tokenizer_from_the_repository_with_triton() {
        BackendSpec spec = RadioBeans.spec(new Backend(
                BackendSpec.Kind.TRITON,
                Optional.of(Path.of("models")),
                Optional.of(List.of("gpu-1:8001", "gpu-2:8001")),
                false,
                Optional.of(Path.of("ca.pem"))));
        assertThat(spec.targets()).containsExactly("gpu-1:8001", "gpu-2:8001");
        assertThat(spec.repository()).isNull();
        assertThat(spec.localRepository()).isEqualTo(Path.of("models"));
        assertThat(spec.tls()).isTrue();
        assertThat(spec.trustedCertificates()).isEqualTo(Path.of("ca.pem"));
        assertThat(spec.deadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.maxReconnectBackoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void should_name_the_missing_key_for_triton_without_addresses() {
        assertThatThrownBy(() -> RadioBeans.spec(new Backend(
                        BackendSpec.Kind.TRITON, Optional.empty(), Optional.of(List.of()), false, Optional.empty())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("radio4j.backend.triton-addresses");
    }
}
