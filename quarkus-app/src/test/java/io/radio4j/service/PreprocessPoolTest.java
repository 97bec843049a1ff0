package io.radio4j.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.core.testing.DelegatingBackend;
import io.radio4j.core.testing.TestImages;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The preprocessing pool serves requests first come, first served: 32 requests queued behind a
 * one-thread pool reach the backend in the order they were handed in (the starvation seen with the
 * shared fork-join pool answered the first requests last). Asserts order, never timing.
 */
class PreprocessPoolTest {

    private static final int REQUESTS = 32;

    @Test
    void thirtyTwoConcurrentRequestsCompleteInArrivalOrder() throws Exception {
        ThreadPoolExecutor pool = PreprocessPool.create(1, 64);
        try (OnnxBackend tiny = OnnxBackend.tiny()) {
            DelegatingBackend recording = new DelegatingBackend(tiny);
            CRadioEncoder encoder = CRadioEncoder.builder()
                    .backend(recording)
                    .modelName(RadioModels.C_RADIO_V4_H)
                    .resolution(224, 224)
                    .resizeMode(ResizeMode.SQUASH)
                    .verifyOnStart(false)
                    .executor(pool)
                    .build();
            CountDownLatch gate = new CountDownLatch(1);
            pool.execute(() -> awaitQuietly(gate)); // holds the only thread until every request is queued
            List<Thread> clients = new ArrayList<>();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < REQUESTS; i++) {
                byte[] png = TestImages.solid(32, 32, new Color(i * 7, i * 7, i * 7));
                Thread t = Thread.ofPlatform().name("client-" + i).start(() -> {
                    try {
                        encoder.summary(png);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                clients.add(t);
                int queued = i + 1;
                while (pool.getQueue().size() < queued) {
                    Thread.onSpinWait();
                }
            }
            gate.countDown();
            for (Thread t : clients) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "failed: " + errors);
            // the gray level of each request's image, in the order the requests reached the backend
            List<Integer> reached = recording.requests().stream()
                    .map(r -> r.inputs().getFirst().data().get(0) & 0xFF)
                    .toList();
            assertEquals(IntStream.range(0, REQUESTS).map(i -> i * 7).boxed().toList(), reached);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueRefusesInsteadOfGrowing() {
        ThreadPoolExecutor pool = PreprocessPool.create(1, 1);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            pool.execute(() -> awaitQuietly(gate));
            pool.execute(() -> {});
            assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
            assertTrue(pool.getThreadFactory().newThread(() -> {}).getName().startsWith("radio4j-preprocess-"));
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
