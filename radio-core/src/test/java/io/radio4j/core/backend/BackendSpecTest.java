package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.model.RadioModels;
import io.radio4j.core.testing.TinyRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSpecTest {

    @Test
    void should_default_to_the_embedded_tiny_models() {
        BackendSpec spec = BackendSpec.builder().build();
        assertThat(spec).isEqualTo(BackendSpec.embeddedTiny());
        assertThat(spec.kind()).isEqualTo(BackendSpec.Kind.EMBEDDED);
        assertThat(spec.repository()).isNull();
        try (InferenceBackend backend = spec.create()) {
            assertThat(backend).isInstanceOf(OnnxBackend.class);
            assertThat(backend.description()).contains("classpath:radio4j/tiny");
            assertThat(backend.isModelReady(RadioModels.RADIO_CLIP_TEXT)).isTrue();
        }
    }

    @Test
    void should_embed_a_repository_folder_with_its_concurrency() {
        BackendSpec spec =
                BackendSpec.builder().repository(TinyRepo.path()).concurrency(1).build();
        try (InferenceBackend backend = spec.create()) {
            assertThat(backend.description()).contains(TinyRepo.path().toString());
            assertThat(backend.isModelReady(RadioModels.C_RADIO_V4_H)).isTrue();
        }
    }

    @Test
    void should_read_model_files_from_the_local_repository_first_with_the_embedded_backend(@TempDir Path local)
            throws IOException {
        Path clipText = Files.createDirectories(local.resolve(RadioModels.RADIO_CLIP_TEXT));
        Files.writeString(clipText.resolve(RadioModels.TOKENIZER_FILE), "{\"local\": true}");
        Files.writeString(clipText.resolve("only-local.txt"), "here");
        try (InferenceBackend backend =
                BackendSpec.builder().localRepository(local).build().create()) {
            assertThat(backend.modelFile(RadioModels.RADIO_CLIP_TEXT, RadioModels.TOKENIZER_FILE))
                    .hasValueSatisfying(b ->
                            assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"local\": true}"));
            assertThat(backend.modelFile(RadioModels.RADIO_CLIP_TEXT, "only-local.txt"))
                    .isPresent();
            // Files the local folder lacks still come from the model repository.
            assertThat(backend.modelFile(RadioModels.RADIO_CLIP_VISION, "config.pbtxt"))
                    .isPresent();
            // The local folder does not add models.
            assertThat(backend.modelFile("not_a_model", RadioModels.TOKENIZER_FILE))
                    .isEmpty();
        }
    }

    @Test
    void should_create_a_triton_backend_reading_files_from_the_local_repository() {
        BackendSpec spec = BackendSpec.builder()
                .kind(BackendSpec.Kind.TRITON)
                .targets(List.of("127.0.0.1:1", "127.0.0.1:2"))
                .localRepository(TinyRepo.path())
                .deadline(Duration.ofSeconds(3))
                .maxReconnectBackoff(Duration.ofSeconds(1))
                .build();
        // Triton connects lazily: creating it needs no server.
        try (InferenceBackend backend = spec.create()) {
            assertThat(backend).isInstanceOf(TritonBackend.class);
            assertThat(backend.description()).contains("127.0.0.1:1", "127.0.0.1:2");
            assertThat(backend.modelFile(RadioModels.RADIO_CLIP_TEXT, RadioModels.TOKENIZER_FILE))
                    .isPresent();
        }
    }

    @Test
    void should_treat_trusted_certificates_as_tls() {
        BackendSpec spec = BackendSpec.builder()
                .kind(BackendSpec.Kind.TRITON)
                .targets(List.of("gpu-1:8001"))
                .trustedCertificates(Path.of("ca.pem"))
                .build();
        assertThat(spec.tls()).isTrue();
        assertThat(BackendSpec.triton("gpu-1:8001").tls()).isFalse();
    }

    @Test
    void should_refuse_settings_of_the_other_kind() {
        assertThatThrownBy(() ->
                        BackendSpec.builder().targets(List.of("gpu-1:8001")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targets does not apply to an embedded backend");
        assertThatThrownBy(() -> BackendSpec.builder().tls(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls");
        assertThatThrownBy(() ->
                        BackendSpec.builder().deadline(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> BackendSpec.triton("gpu-1:8001").toBuilder()
                        .repository(TinyRepo.path())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localRepository");
        assertThatThrownBy(() -> BackendSpec.triton("gpu-1:8001").toBuilder()
                        .concurrency(2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency");
    }

    @Test
    void should_refuse_missing_or_blank_targets_and_bad_numbers() {
        assertThatThrownBy(() ->
                        BackendSpec.builder().kind(BackendSpec.Kind.TRITON).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> BackendSpec.triton("gpu-1:8001", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> BackendSpec.triton("gpu-1:8001").toBuilder()
                        .deadline(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline must be positive");
        assertThatThrownBy(() -> BackendSpec.builder().concurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency must be >= 1");
    }

    @Test
    void should_refuse_a_missing_folder_when_creating(@TempDir Path dir) {
        BackendSpec spec = BackendSpec.embedded(dir.resolve("missing"));
        assertThatThrownBy(spec::create)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void should_keep_every_setting_through_to_builder() {
        BackendSpec spec = BackendSpec.builder()
                .kind(BackendSpec.Kind.TRITON)
                .targets(List.of("a:1", "b:2"))
                .localRepository(Path.of("models"))
                .tls(true)
                .deadline(Duration.ofSeconds(5))
                .maxReconnectBackoff(Duration.ofSeconds(2))
                .build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.targets()).containsExactly("a:1", "b:2");
    }
}
