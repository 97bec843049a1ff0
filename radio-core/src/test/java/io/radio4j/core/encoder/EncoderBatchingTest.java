package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.testing.Goldens;
import io.radio4j.core.testing.TestImages;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How list calls are split, run concurrently, and fail item by item. */
class EncoderBatchingTest {

    private static List<PreprocessedImage> images(int n) {
        List<PreprocessedImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(Goldens.patternImages(1, 32, 32, i).getFirst());
        }
        return images;
    }

    @Test
    void should_fail_only_the_items_of_a_failed_batch_with_its_cause() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        InferenceBackend secondBatchFails = new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                long batch = request.inputs().getFirst().shape()[0];
                batchSizes.add((int) batch);
                calls.incrementAndGet();
                // The batch that holds pattern image 4 (items 4..7 with batch size 4) is refused.
                byte first = request.inputs().getFirst().data().get(0);
                byte[] marker = Goldens.patternImages(1, 32, 32, 4).getFirst().pixels();
                if (first == marker[0]) {
                    return CompletableFuture.failedFuture(
                            new BackendException(BackendException.Reason.UNAVAILABLE, "replica down"));
                }
                return super.infer(request);
            }
        };
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(secondBatchFails)
                .batchSize(4)
                .verifyOnStart(false)
                .build();
        List<PreprocessedImage> images = images(10);
        assertThatThrownBy(() -> encoder.summariesOfPreprocessed(images))
                .isInstanceOfSatisfying(BatchException.class, e -> {
                    assertThat(e.failedIndices()).containsExactly(4, 5, 6, 7);
                    assertThat(e.failures().values())
                            .allSatisfy(cause -> assertThat(cause).hasMessage("replica down"));
                    assertThat(e.isRetryable()).isTrue();
                    List<float[]> partial = e.partialResults();
                    CRadioEncoder plain =
                            CRadioEncoder.builder().backend(TinyRepo.backend()).build();
                    for (int i : new int[] {0, 3, 8, 9}) {
                        assertThat(partial.get(i)).containsExactly(plain.summary(images.get(i)));
                    }
                });
        assertThat(batchSizes).containsExactlyInAnyOrder(4, 4, 2);
    }

    @Test
    void should_give_up_after_the_timeout_instead_of_hanging() {
        List<CompletableFuture<InferResult>> sent = Collections.synchronizedList(new ArrayList<>());
        List<InferRequest> requests = Collections.synchronizedList(new ArrayList<>());
        InferenceBackend silent = new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                CompletableFuture<InferResult> never = new CompletableFuture<>();
                requests.add(request);
                sent.add(never);
                return never;
            }
        };
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(silent)
                .timeout(Duration.ofSeconds(1))
                .verifyOnStart(false)
                .build();
        assertThatThrownBy(() -> encoder.summariesOfPreprocessed(images(3)))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.DEADLINE_EXCEEDED);
                    assertThat(e).hasMessageContaining("no answer within PT1S");
                });
        // One deadline: each request carried what was left of the call's, and was cancelled when it passed.
        assertThat(requests)
                .isNotEmpty()
                .allSatisfy(r ->
                        assertThat(r.deadline()).isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(sent).isNotEmpty().allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void should_give_the_same_answers_to_concurrent_callers() throws Exception {
        CRadioEncoder encoder =
                CRadioEncoder.builder().backend(TinyRepo.backend()).build();
        List<PreprocessedImage> images = images(6);
        List<float[]> expected = encoder.summariesOfPreprocessed(images);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> encoder.summariesOfPreprocessed(images)));
            }
            for (Future<List<float[]>> f : futures) {
                List<float[]> got = f.get();
                for (int i = 0; i < images.size(); i++) {
                    assertThat(got.get(i)).containsExactly(expected.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_refuse_nulls_with_a_typed_error_naming_the_item() {
        CRadioEncoder encoder = CRadioEncoder.builder()
                .backend(TinyRepo.backend())
                .resolution(32, 32)
                .build();
        assertThatThrownBy(() -> encoder.summary((byte[]) null))
                .isInstanceOf(io.radio4j.core.RadioInputException.class)
                .hasMessage("image is null");
        assertThatThrownBy(() -> encoder.summaries(null))
                .isInstanceOf(io.radio4j.core.RadioInputException.class)
                .hasMessage("images is null");
        java.util.List<byte[]> withNull = new ArrayList<>();
        withNull.add(TestImages.gradient(32, 32, 1));
        withNull.add(null);
        assertThatThrownBy(() -> encoder.summaries(withNull))
                .isInstanceOfSatisfying(
                        BatchException.class, e -> assertThat(e.failedIndices()).containsExactly(1));
        assertThatThrownBy(() -> Radio1dEncoder.builder()
                        .backend(TinyRepo.backend())
                        .resolution(64, 64)
                        .build()
                        .tokens((byte[]) null, 1))
                .isInstanceOf(io.radio4j.core.RadioInputException.class);
    }

    @Test
    void should_return_an_empty_list_for_an_empty_call() {
        assertThat(CRadioEncoder.builder().backend(TinyRepo.backend()).build().summaries(List.of()))
                .isEmpty();
    }
}
