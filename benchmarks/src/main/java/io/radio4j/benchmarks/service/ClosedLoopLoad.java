package io.radio4j.benchmarks.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: {@code concurrency} threads each issue one call, wait for it, and issue the
 * next, for a warm-up and then a measured window. Latencies go to an HdrHistogram {@link Recorder}
 * (lock-free for the recording threads); the warm-up's values are discarded by taking an interval
 * histogram when the measured window starts.
 *
 * <p>Closed loop on purpose: it finds the throughput a fixed number of concurrent clients gets, the
 * quantity compared here (service against library). It does not model an open arrival rate, so
 * its latencies are those of saturated clients, not of a service under a given request rate.
 *
 * <p>Stateless; each {@link #run} uses its own threads and joins them before returning.
 */
public final class ClosedLoopLoad {

    /** Highest latency the histograms track: one minute, in microseconds. */
    static final long MAX_LATENCY_MICROS = 60_000_000L;

    /** One call of the system under test. */
    @FunctionalInterface
    public interface Call {
        /**
         * Makes one call and waits for its answer.
         *
         * @throws RejectedException when the target refused the call on purpose (overload)
         * @throws Exception any other failure
         */
        void call() throws Exception;
    }

    /** Thrown by a {@link Call} whose target refused on purpose, e.g. HTTP 429. */
    public static final class RejectedException extends Exception {
        public RejectedException(String message) {
            super(message);
        }
    }

    private ClosedLoopLoad() {
    }

    /**
     * Runs the load and returns what the measured window saw. The first unexpected failure is kept
     * and, if every call failed, rethrown so a broken target does not read as a slow one.
     *
     * @throws IllegalArgumentException if concurrency is below 1 or a duration is negative, or the
     *     measured window is not positive
     * @throws IllegalStateException if no call succeeded and at least one failed, with the first
     *     failure as cause
     * @throws InterruptedException if interrupted while waiting for the callers
     */
    public static LoadResult run(Call call, int concurrency, Duration warmup, Duration measured)
            throws InterruptedException {
        Objects.requireNonNull(call, "call");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        if (warmup.isNegative() || measured.isNegative() || measured.isZero()) {
            throw new IllegalArgumentException("warm-up must be >= 0 and the measured window > 0");
        }
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        LongAdder rejected = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        // Written once by this thread, read by the callers: volatile is all the coordination needed.
        var phase = new Object() {
            volatile boolean measuring;
            volatile boolean stop;
        };

        List<Thread> callers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            callers.add(Thread.ofPlatform().name("load-" + i).daemon().start(() -> {
                while (!phase.stop) {
                    long start = System.nanoTime();
                    try {
                        call.call();
                        long micros = (System.nanoTime() - start) / 1000;
                        recorder.recordValue(Math.min(Math.max(micros, 1), MAX_LATENCY_MICROS));
                    } catch (RejectedException e) {
                        if (phase.measuring) {
                            rejected.increment();
                        }
                    } catch (Exception e) {
                        firstFailure.compareAndSet(null, e);
                        if (phase.measuring) {
                            failed.increment();
                        }
                    }
                }
            }));
        }

        Thread.sleep(warmup);
        recorder.getIntervalHistogram(); // drops the warm-up
        rejected.reset();
        failed.reset();
        phase.measuring = true;
        long windowStart = System.nanoTime();
        Thread.sleep(measured);
        Histogram window = recorder.getIntervalHistogram();
        long windowNanos = System.nanoTime() - windowStart;
        phase.measuring = false;
        phase.stop = true;
        for (Thread caller : callers) {
            caller.join();
        }

        if (window.getTotalCount() == 0 && firstFailure.get() != null) {
            throw new IllegalStateException("every call failed; first failure: " + firstFailure.get(), firstFailure.get());
        }
        return new LoadResult(concurrency, Duration.ofNanos(windowNanos), window, rejected.sum(), failed.sum());
    }
}
