package io.radio4j.core.backend.internal;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded backend's request queue: a fixed pool of daemon threads fed from a priority queue,
 * so queued requests run by Triton's priority (1 highest; lower value first) and then in arrival
 * order. Tasks must be made with {@link #task(long, Runnable)}.
 */
public final class RequestQueue {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private RequestQueue() {}

    /** A pool of {@code threads} daemon threads named {@code <prefix>-<n>} over a priority queue. */
    public static ThreadPoolExecutor create(int threads, String prefix) {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A task queued by {@code priority} (lower first), then in the order tasks were made. */
    public static Runnable task(long priority, Runnable body) {
        return new Queued(priority, SEQUENCE.incrementAndGet(), body);
    }

    private record Queued(long priority, long sequence, Runnable body) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            body.run();
        }

        @Override
        public int compareTo(Queued other) {
            int byPriority = Long.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }
}
