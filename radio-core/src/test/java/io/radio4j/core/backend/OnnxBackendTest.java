package io.radio4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OnnxBackendTest {

    private final OnnxBackend backend = TinyRepo.backend();

    private static InferRequest image(String model, int batch, int h, int w) {
        byte[] pixels = new byte[batch * h * w * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 % 251);
        }
        return InferRequest.builder()
                .modelName(model)
                .input(InferInput.ofUint8("image", new long[] {batch, h, w, 3}, pixels))
                .build();
    }

    @Test
    void should_load_every_tiny_model() {
        assertThat(backend.modelNames())
                .contains("c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h", "radio_clip_vision", "radio_clip_text");
        // and the <model>_bytes ensemble of each image model, with its preprocessing step
        assertThat(backend.modelNames()).hasSize(5 + 4 * 2);
        assertThat(backend.isReady()).isTrue();
        assertThat(backend.isModelReady("radio1d_h")).isTrue();
        assertThat(backend.isModelReady("nope")).isFalse();
    }

    @Test
    void should_report_metadata_with_a_batch_dimension() {
        ModelMetadata metadata = backend.modelMetadata("c_radio_v4_h");
        assertThat(metadata.input("image").shape()).containsExactly(-1, -1, -1, 3);
        assertThat(metadata.input("image").dataType()).isEqualTo(DataType.UINT8);
        assertThat(metadata.output("summary").shape()).containsExactly(-1, 128);
        assertThat(backend.modelConfig("c_radio_v4_h").maxBatchSize()).isEqualTo(8);
    }

    @Test
    void should_run_a_batch_and_return_the_batch_dimension() {
        InferResult result = backend.infer(image("c_radio_v4_h", 2, 32, 48)).join();
        assertThat(result.output("summary").shape()).containsExactly(2, 128);
        assertThat(result.output("features").shape()).containsExactly(2, 6, 64);
        assertThat(result.output("features").dataType()).isEqualTo(DataType.FP32);
    }

    @Test
    void should_fail_a_request_whose_deadline_passed_in_the_queue_without_running_it() {
        // 1 ns has always passed by the time a queued request is taken: validation alone takes longer.
        InferRequest late = image("c_radio_v4_h", 1, 32, 32).toBuilder()
                .deadline(java.time.Duration.ofNanos(1))
                .build();
        assertThatThrownBy(() -> backend.infer(late).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
                    assertThat(e).hasMessageContaining("c_radio_v4_h");
                });
        InferRequest inTime = image("c_radio_v4_h", 1, 32, 32).toBuilder()
                .deadline(java.time.Duration.ofMinutes(5))
                .build();
        assertThat(backend.infer(inTime).join().output("summary").shape()).containsExactly(1, 128);
    }

    @Test
    void should_return_only_requested_outputs() {
        InferRequest request =
                image("c_radio_v4_h", 1, 32, 32).toBuilder().output("summary").build();
        assertThat(backend.infer(request).join().outputs())
                .extracting(o -> o.name())
                .containsExactly("summary");
    }

    @Test
    void should_accept_the_optional_input_when_given() {
        InferRequest request = image("radio1d_h", 2, 64, 64).toBuilder()
                .input(InferInput.ofInt32("num_tokens", new long[] {2, 1}, new int[] {1, 3}))
                .build();
        assertThat(backend.infer(request).join().output("tokens").shape()).containsExactly(2, 13, 64);
        assertThat(backend.infer(image("radio1d_h", 1, 64, 64))
                        .join()
                        .output("tokens")
                        .shape())
                .containsExactly(1, 14, 64);
    }

    @Test
    void should_refuse_a_batch_over_max_batch_size_like_triton() {
        assertThatThrownBy(() -> backend.infer(image("c_radio_v4_h", 9, 16, 16)).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("batch-size must be <= 8")
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    @Test
    void should_refuse_a_wrong_shape_wrong_type_and_unknown_model() {
        InferRequest noBatchDim = InferRequest.builder()
                .modelName("radio_clip_vision")
                .input(InferInput.ofUint8("image", new long[] {224, 224, 3}, new byte[224 * 224 * 3]))
                .build();
        assertThatThrownBy(() -> backend.infer(noBatchDim).join())
                .cause()
                .hasMessageContaining(
                        "unexpected shape for input 'image' for model 'radio_clip_vision'. Expected [-1,224,224,3], got [224,224,3]");
        InferRequest floats = InferRequest.builder()
                .modelName("radio_clip_text")
                .input(InferInput.ofFloats("input_ids", new long[] {1, 64}, new float[64]))
                .build();
        assertThatThrownBy(() -> backend.infer(floats).join())
                .cause()
                .hasMessageContaining("data-type is 'FP32', but model 'radio_clip_text' expects 'INT64'");
        assertThatThrownBy(() -> backend.infer(image("nope", 1, 16, 16)).join())
                .cause()
                .isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(Reason.MODEL_NOT_FOUND));
    }

    @Test
    void should_answer_only_for_the_loaded_version() {
        InferRequest v1 =
                image("c_radio_v4_h", 1, 16, 16).toBuilder().modelVersion("1").build();
        assertThat(backend.infer(v1).join().modelVersion()).isEqualTo("1");
        InferRequest v7 = v1.toBuilder().modelVersion("7").build();
        assertThatThrownBy(() -> backend.infer(v7).join())
                .cause()
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MODEL_NOT_FOUND))
                .hasMessageContaining("version 7 is not found");
    }

    @Test
    void should_refuse_a_request_missing_a_required_input() {
        InferRequest onlyTokens = InferRequest.builder()
                .modelName("radio1d_h")
                .input(InferInput.ofInt32("num_tokens", new long[] {1, 1}, new int[] {1}))
                .build();
        assertThatThrownBy(() -> backend.infer(onlyTokens).join())
                .cause()
                .hasMessageContaining(
                        "Got input(s) ['num_tokens'], but missing required input(s) ['image']. Please provide all required input(s).");
    }

    @Test
    void should_load_the_tiny_repository_from_the_classpath_with_the_same_answers() {
        try (OnnxBackend fromJar = OnnxBackend.tiny()) {
            assertThat(fromJar.description()).contains("classpath:radio4j/tiny");
            assertThat(fromJar.modelNames()).hasSize(5 + 4 * 2);
            InferRequest request = image("c_radio_v4_so400m", 2, 32, 64);
            assertThat(fromJar.infer(request).join().output("summary").asFloats())
                    .containsExactly(
                            backend.infer(request).join().output("summary").asFloats());
            assertThat(fromJar.modelFile("radio_clip_text", "tokenizer.json")).isPresent();
        }
    }

    @Test
    void should_refuse_a_folder_that_is_not_a_repository(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        assertThatThrownBy(() -> OnnxBackend.builder().repository(empty).build())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("no model found");
        assertThatThrownBy(() -> OnnxBackend.builder().repository(empty.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> OnnxBackend.builder()
                        .repository(TinyRepo.path())
                        .models("nope")
                        .build())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("'nope' has no config.pbtxt");
    }

    @Test
    void should_refuse_a_config_that_contradicts_its_graph(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        io.radio4j.core.testing.RepoCopies.copyWithConfig(
                dir, "radio_clip_text", config -> config.replace("data_type: TYPE_INT64", "data_type: TYPE_INT32"));
        assertThatThrownBy(() -> OnnxBackend.builder().repository(dir).build())
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MODEL))
                .hasMessageContaining("input 'input_ids' is TYPE_INT32 in config.pbtxt");
    }

    @Test
    void should_name_the_model_whose_graph_is_corrupt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.radio4j.core.testing.RepoCopies.copyWithConfig(dir, "radio_clip_text", config -> config);
        java.nio.file.Files.write(dir.resolve("radio_clip_text/1/model.onnx"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> OnnxBackend.builder().repository(dir).build())
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MODEL))
                .hasMessageContaining("model 'radio_clip_text': ONNX Runtime cannot load version 1");
    }

    @Test
    void should_refuse_a_tensorrt_model_clearly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        io.radio4j.core.testing.RepoCopies.copyWithConfig(
                dir,
                "radio_clip_text",
                config -> config.replace("backend: \"onnxruntime\"", "").replace("onnxruntime_onnx", "tensorrt_plan"));
        assertThatThrownBy(() -> OnnxBackend.builder().repository(dir).build())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("platform tensorrt_plan")
                .hasMessageContaining("ONNX models only");
    }

    @Test
    void should_serve_a_model_without_batching_with_exactly_its_dims(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        io.radio4j.core.testing.RepoCopies.copyWithConfig(
                dir,
                "radio_clip_text",
                config -> config.replace("max_batch_size: 8", "max_batch_size: 0")
                        .replace("dims: [ 64 ]", "dims: [ -1, 64 ]")
                        .replace("dims: [ 32 ]", "dims: [ -1, 32 ]")
                        .replaceAll("(?s)dynamic_batching \\{.*?\\}", ""));
        try (OnnxBackend unbatched = OnnxBackend.builder().repository(dir).build()) {
            assertThat(unbatched
                            .modelMetadata("radio_clip_text")
                            .input("input_ids")
                            .shape())
                    .containsExactly(-1, 64);
            long[] ids = new long[3 * 64];
            InferRequest three = InferRequest.builder()
                    .modelName("radio_clip_text")
                    .input(InferInput.ofInt64("input_ids", new long[] {3, 64}, ids))
                    .build();
            assertThat(unbatched.infer(three).join().output("embedding").shape())
                    .containsExactly(3, 32);
            assertThatThrownBy(() -> io.radio4j.core.model.ModelContracts.clipText(unbatched, "radio_clip_text"))
                    .isInstanceOf(io.radio4j.core.model.ModelContractException.class)
                    .hasMessageContaining("max_batch_size is 0");
        }
    }

    @Test
    void should_read_files_beside_the_config() {
        assertThat(backend.modelFile("radio_clip_text", "tokenizer.json")).isPresent();
        assertThat(backend.modelFile("radio_clip_text", "absent.json")).isEmpty();
        assertThatThrownBy(() -> backend.modelFile("radio_clip_text", "../radio1d_h/config.pbtxt"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
