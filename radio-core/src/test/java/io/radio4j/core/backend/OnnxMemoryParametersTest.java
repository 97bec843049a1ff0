package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.testing.RepoCopies;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory parameters of Triton's onnxruntime backend ({@code enable_mem_arena},
 * {@code enable_mem_pattern}, {@code memory.enable_memory_arena_shrinkage}) reach ONNX Runtime from a
 * model's config.pbtxt. ONNX Runtime itself is the witness: it refuses to shrink a CPU arena that the
 * session was told not to create, so that refusal proves both the session option and the run option
 * were applied.
 */
class OnnxMemoryParametersTest {

    @TempDir
    Path dir;

    private static String withParameters(String config, String... keyValues) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.append("parameters { key: \"")
                    .append(keyValues[i])
                    .append("\" value: { string_value: \"")
                    .append(keyValues[i + 1])
                    .append("\" } }\n");
        }
        return config + "\n" + params;
    }

    private static InferRequest textRequest() {
        return InferRequest.builder()
                .modelName("radio_clip_text")
                .input(InferInput.ofInt64("input_ids", new long[] {1, 64}, new long[64]))
                .build();
    }

    private OnnxBackend backendWith(String... keyValues) {
        RepoCopies.copyWithConfig(dir, "radio_clip_text", config -> withParameters(config, keyValues));
        return OnnxBackend.builder().repository(dir).build();
    }

    @Test
    void should_shrink_the_cpu_arena_after_each_run_when_asked() {
        try (OnnxBackend backend = backendWith("memory.enable_memory_arena_shrinkage", "cpu:0")) {
            assertThat(backend.infer(textRequest()).join().output("embedding").shape())
                    .containsExactly(1, 32);
            assertThat(backend.infer(textRequest()).join().output("embedding").shape())
                    .containsExactly(1, 32);
        }
    }

    @Test
    void should_pass_the_arena_and_shrinkage_settings_to_onnx_runtime() {
        // No arena, yet asked to shrink it: ONNX Runtime answers the run with an error, which it can only
        // do if the session really runs without a CPU arena and the run really carries the option.
        try (OnnxBackend backend =
                backendWith("enable_mem_arena", "0", "memory.enable_memory_arena_shrinkage", "cpu:0")) {
            assertThatThrownBy(() -> backend.infer(textRequest()).join())
                    .isInstanceOf(CompletionException.class)
                    .rootCause()
                    .hasMessageContaining("arena");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "OFF", "1", "True", "on"})
    void should_accept_tritons_boolean_spellings(String value) {
        try (OnnxBackend backend = backendWith("enable_mem_arena", value, "enable_mem_pattern", value)) {
            assertThat(backend.infer(textRequest()).join().output("embedding").shape())
                    .containsExactly(1, 32);
        }
    }

    @Test
    void should_refuse_a_model_whose_boolean_parameter_is_not_a_boolean() {
        assertThatThrownBy(() -> backendWith("enable_mem_arena", "sometimes"))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MODEL))
                .hasMessageContaining("model 'radio_clip_text' parameter enable_mem_arena")
                .hasMessageContaining("'sometimes'");
    }
}
