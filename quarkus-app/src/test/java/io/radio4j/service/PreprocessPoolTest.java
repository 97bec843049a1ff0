package io.radio4j.service;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelConfiguration;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        List<Integer> reached = Collections.synchronizedList(new ArrayList<>());
        try (OnnxBackend tiny = OnnxBackend.tiny()) {
            InferenceBackend recording = new Recording(tiny, reached);
            CRadioEncoder encoder = CRadioEncoder.builder().backend(recording).modelName(RadioModels.C_RADIO_V4_H)
                    .resolution(224, 224).resizeMode(ResizeMode.SQUASH).verifyOnStart(false).executor(pool).build();
            CountDownLatch gate = new CountDownLatch(1);
            pool.execute(() -> awaitQuietly(gate)); // holds the only thread until every request is queued
            List<Thread> clients = new ArrayList<>();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < REQUESTS; i++) {
                byte[] png = solidPng(i * 7);
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
            pool.execute(() -> { });
            assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
            assertTrue(pool.getThreadFactory().newThread(() -> { }).getName().startsWith("radio4j-preprocess-"));
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

    private static byte[] solidPng(int gray) throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(gray, gray, gray));
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Notes the gray level of each request's image as it reaches the backend, then answers it. */
    private record Recording(InferenceBackend delegate, List<Integer> reached) implements InferenceBackend {

        @Override
        public CompletableFuture<InferResult> infer(InferRequest request) {
            reached.add(request.inputs().getFirst().data().get(0) & 0xFF);
            return CompletableFuture.completedFuture(delegate.infer(request).join());
        }

        @Override
        public ModelConfiguration modelConfig(String model) {
            return delegate.modelConfig(model);
        }

        @Override
        public ModelMetadata modelMetadata(String model) {
            return delegate.modelMetadata(model);
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public boolean isModelReady(String model) {
            return delegate.isModelReady(model);
        }

        @Override
        public Optional<byte[]> modelFile(String model, String fileName) {
            return delegate.modelFile(model, fileName);
        }

        @Override
        public String description() {
            return "recording " + delegate.description();
        }

        @Override
        public void close() {
        }
    }
}
