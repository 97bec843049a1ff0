package io.radio4j.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's one pool for image decoding, resizing and text tokenizing, passed to every encoder
 * (never the JVM's shared fork-join pool). Sized to the cores ({@code radio4j.limits.preprocess-threads}),
 * with a bounded first-in-first-out queue ({@code radio4j.limits.preprocess-queue}): work is done in
 * the order requests handed it in, so a request that came first is not overtaken by later ones, and
 * a full queue refuses new work (the request answers 503 with {@code Retry-After}) instead of growing
 * without bound. Threads are named {@code radio4j-preprocess-N}. Exposes
 * {@code radio4j_preprocess_queued}.
 */
@ApplicationScoped
public class PreprocessPool {

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void init() {
        int threads =
                config.limits().preprocessThreads().orElse(Runtime.getRuntime().availableProcessors());
        pool = create(threads, config.limits().preprocessQueue());
        Gauge.builder("radio4j_preprocess_queued", pool, p -> p.getQueue().size())
                .description("preprocessing and tokenizing tasks waiting for a thread")
                .register(registry);
    }

    /** The executor encoders run their preprocessing on. */
    public ExecutorService executor() {
        return pool;
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }

    /**
     * A fixed pool of {@code threads} daemon threads over a FIFO queue of at most {@code queue}
     * tasks; {@code execute} throws {@link java.util.concurrent.RejectedExecutionException} when full.
     *
     * @throws IllegalArgumentException if either is below 1
     */
    public static ThreadPoolExecutor create(int threads, int queue) {
        if (threads < 1) {
            throw new IllegalArgumentException("radio4j.limits.preprocess-threads must be >= 1, got " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("radio4j.limits.preprocess-queue must be >= 1, got " + queue);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "radio4j-preprocess-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // ArrayBlockingQueue(fair = true) hands tasks out strictly in arrival order.
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue, true),
                factory,
                new ThreadPoolExecutor.AbortPolicy());
    }
}
