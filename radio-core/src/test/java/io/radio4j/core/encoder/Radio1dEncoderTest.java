package io.radio4j.core.encoder;

import static io.radio4j.core.encoder.CRadioEncoderTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.FixedImageBackend;
import io.radio4j.core.testing.Goldens;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Radio1dEncoderTest {

    static List<InferenceBackend> backends() {
        return TinyRepo.both();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("backends")
    void should_match_the_pytorch_goldens(InferenceBackend backend) {
        Radio1dEncoder encoder = Radio1dEncoder.builder().backend(backend).build();
        assertThat(encoder.contract().supportsNumTokens()).isTrue();
        assertThat(encoder.contract().prefixTokens()).isEqualTo(10);
        for (JsonObject c : Goldens.objects(Goldens.cases("radio1d_h"))) {
            List<PreprocessedImage> images = Goldens.images(c);
            int[] shape = Goldens.shape(c, "tokens");
            float[] golden = Goldens.data(c, "tokens");
            int perItem = shape[1] * shape[2];
            PreprocessedImage first = images.getFirst();
            int max = ((first.height() + 31) / 32) * ((first.width() + 31) / 32);
            List<Integer> counts = c.get("num_tokens").isJsonNull()
                    ? null
                    : c.getAsJsonArray("num_tokens").asList().stream()
                            .map(e -> e.getAsInt())
                            .toList();
            for (int i = 0; i < images.size(); i++) {
                int n = counts == null ? max : Math.min(counts.get(i), max);
                if (n < 1) {
                    continue;
                }
                VisualTokens tokens = encoder.tokens(images.get(i), n);
                assertThat(tokens.count()).isEqualTo(n);
                assertThat(tokens.prefixCount()).isEqualTo(10);
                assertThat(tokens.dimension()).isEqualTo(64);
                assertClose(
                        tokens.toArrayWithPrefix(),
                        Arrays.copyOfRange(golden, i * perItem, i * perItem + (10 + n) * 64));
            }
        }
    }

    @Test
    void should_nest_tokens_so_the_first_k_equal_the_k_token_answer() {
        for (InferenceBackend backend : TinyRepo.both()) {
            Radio1dEncoder encoder =
                    Radio1dEncoder.builder().backend(backend).resolution(96, 64).build();
            byte[] image = TestImages.gradient(90, 120, 5);
            assertThat(encoder.maxTokens()).isEqualTo(6);
            VisualTokens all = encoder.tokens(image, 6);
            for (int k = 1; k <= 6; k++) {
                VisualTokens some = encoder.tokens(image, k);
                assertThat(some.count()).isEqualTo(k);
                assertThat(some.toArray()).containsExactly(Arrays.copyOf(all.toArray(), k * 64));
                assertThat(some.prefix()).isEqualTo(all.prefix());
            }
        }
    }

    @Test
    void should_give_identical_answers_through_triton_protocol_and_in_process() {
        List<PreprocessedImage> images = Goldens.patternImages(3, 64, 96, 9);
        List<VisualTokens> local =
                Radio1dEncoder.builder().backend(TinyRepo.backend()).build().tokensOfPreprocessed(images, 5);
        List<VisualTokens> remote =
                Radio1dEncoder.builder().backend(TinyRepo.remote()).build().tokensOfPreprocessed(images, 5);
        for (int i = 0; i < 3; i++) {
            assertThat(remote.get(i).toArrayWithPrefix())
                    .containsExactly(local.get(i).toArrayWithPrefix());
        }
    }

    @Test
    void should_send_the_count_so_only_requested_tokens_cross_the_wire() {
        AtomicReference<InferResult> seen = new AtomicReference<>();
        InferenceBackend spy = new DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                return super.infer(request).thenApply(r -> {
                    seen.set(r);
                    return r;
                });
            }
        };
        Radio1dEncoder encoder =
                Radio1dEncoder.builder().backend(spy).resolution(128, 128).build();
        encoder.tokens(TestImages.gradient(128, 128, 1), 3);
        assertThat(seen.get().output("tokens").shape()).containsExactly(1, 13, 64);
    }

    @Test
    void should_slice_on_the_client_when_the_engine_has_no_count_input() {
        InferenceBackend noCount = new DelegatingBackend(TinyRepo.backend()) {
            @Override
            public ModelMetadata modelMetadata(String model) {
                ModelMetadata m = super.modelMetadata(model);
                return new ModelMetadata(
                        m.name(),
                        m.versions(),
                        m.platform(),
                        m.inputs().stream()
                                .filter(t -> !t.name().equals("num_tokens"))
                                .toList(),
                        m.outputs());
            }
        };
        Radio1dEncoder sliced =
                Radio1dEncoder.builder().backend(noCount).resolution(64, 96).build();
        Radio1dEncoder counted = Radio1dEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(64, 96)
                .build();
        assertThat(sliced.contract().supportsNumTokens()).isFalse();
        byte[] image = TestImages.gradient(96, 64, 2);
        assertThat(sliced.tokens(image, 2).toArrayWithPrefix())
                .containsExactly(counted.tokens(image, 2).toArrayWithPrefix());
    }

    @Test
    void should_slice_when_a_dynamic_batcher_returns_more_tokens_than_asked() {
        // Triton's dynamic batcher may merge requests for 2 and 5 tokens: the engine then returns
        // P + 5 for both. Simulated by an engine that ignores the count and returns every token.
        InferenceBackend merging = new DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                return super.infer(request.toBuilder()
                        .inputs(request.inputs().stream()
                                .filter(i -> !i.name().equals("num_tokens"))
                                .toList())
                        .build());
            }
        };
        Radio1dEncoder merged =
                Radio1dEncoder.builder().backend(merging).resolution(64, 96).build();
        Radio1dEncoder exact = Radio1dEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(64, 96)
                .build();
        assertThat(merged.contract().supportsNumTokens()).isTrue();
        byte[] image = TestImages.gradient(96, 64, 8);
        VisualTokens two = merged.tokens(image, 2);
        assertThat(two.count()).isEqualTo(2);
        assertThat(two.toArrayWithPrefix())
                .containsExactly(exact.tokens(image, 2).toArrayWithPrefix());
    }

    @Test
    void should_refuse_token_counts_outside_the_range() {
        Radio1dEncoder at512 =
                Radio1dEncoder.builder().backend(TinyRepo.backend()).build();
        assertThat(at512.maxTokens()).isEqualTo(256);
        byte[] image = TestImages.gradient(32, 32, 1);
        assertThatThrownBy(() -> at512.tokens(image, 0))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> at512.tokens(image, 257))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("1..256")
                .hasMessageContaining("257");
        Radio1dEncoder at64 = Radio1dEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(64, 64)
                .build();
        assertThatThrownBy(() -> at64.tokens(List.of(image, image), 5))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("1..4");
        assertThatThrownBy(() -> at64.tokens(Goldens.patternImages(1, 32, 32, 0).getFirst(), 2))
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("1..1");
    }

    @Test
    void should_refuse_snap16_on_a_fixed_size_engine_when_built() {
        assertThatThrownBy(() -> Radio1dEncoder.builder()
                        .backend(new FixedImageBackend(TinyRepo.backend(), 64, 64))
                        .resizeMode(ResizeMode.SNAP16)
                        .resolution(64, 64)
                        .build())
                .isInstanceOf(RadioInputException.class)
                .hasMessageContaining("SNAP16 gives image-dependent sizes")
                .hasMessageContaining("use SQUASH or CENTER_CROP");
    }

    @Test
    void should_send_the_count_in_every_request_when_the_model_lists_it_start_up_check_included() {
        // An exported engine requires num_tokens (Triton: "missing required input(s) [num_tokens]");
        // the tiny model marks it optional, so this backend enforces it the way such an engine does.
        List<InferRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        InferenceBackend required = new DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                seen.add(request);
                if (request.inputs().stream().noneMatch(i -> i.name().equals("num_tokens"))) {
                    return CompletableFuture.failedFuture(
                            new BackendException(
                                    BackendException.Reason.INVALID_REQUEST,
                                    "expected 2 inputs but got 1 inputs for model 'radio1d_h'. Got input(s) ['image'], but missing required input(s) ['num_tokens']"));
                }
                return super.infer(request);
            }
        };
        Radio1dEncoder encoder =
                Radio1dEncoder.builder().backend(required).resolution(64, 96).build();
        VisualTokens tokens = encoder.tokens(TestImages.gradient(96, 64, 4), 3);
        assertThat(tokens.count()).isEqualTo(3);
        assertThat(seen).hasSize(2);
        assertThat(seen)
                .allSatisfy(
                        r -> assertThat(r.inputs()).extracting(i -> i.name()).contains("num_tokens"));
    }
}
