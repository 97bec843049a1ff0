package io.radio4j.benchmarks.loadgen;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Measures one sweep level against a {@link LoadTarget}: closed loop at a concurrency, or open loop
 * at a request rate. Every level is bounded by {@link LoadLimits} (request count, time, per-request
 * timeout, in-flight cap), so a run cannot hang on a dead endpoint.
 *
 * <p>Open-loop latency is measured from the moment a request was due, not when it was actually sent,
 * so a stalled endpoint shows up in the percentiles instead of hiding behind a late sender
 * ("coordinated omission").
 *
 * <p>Not thread-safe: run one level at a time.
 */
public final class LoadRunner {

    /** Request-rate schedules: perf_analyzer's {@code --request-distribution}. */
    public enum Distribution {
        CONSTANT,
        POISSON
    }

    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

    private final LoadTarget target;
    private final LoadLimits limits;
    private final ServerStatistics statistics;
    private ServerTimes lastServerTimes;

    /** @param target where to send; @param limits bounds of every level */
    public LoadRunner(LoadTarget target, LoadLimits limits) {
        this(target, limits, null);
    }

    /**
     * A runner that also reads the server's statistics around each measured phase (see
     * {@link #lastServerTimes()}).
     *
     * @param statistics the server's statistics, or null for none
     */
    public LoadRunner(LoadTarget target, LoadLimits limits, ServerStatistics statistics) {
        this.target = Objects.requireNonNull(target, "target");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.statistics = statistics;
    }

    /**
     * The server-side times of the last level, from the server's statistics taken just before and
     * just after its measured phase (warm-up excluded); empty without statistics.
     */
    public java.util.Optional<ServerTimes> lastServerTimes() {
        return java.util.Optional.ofNullable(lastServerTimes);
    }

    private java.util.Optional<ServerTimes.Snapshot> snapshot() {
        return statistics == null ? java.util.Optional.empty() : statistics.snapshot();
    }

    private void measured(java.util.Optional<ServerTimes.Snapshot> before) {
        java.util.Optional<ServerTimes.Snapshot> after = before.isPresent() ? snapshot() : java.util.Optional.empty();
        lastServerTimes = after.isPresent() ? after.get().since(before.get()) : null;
    }

    /**
     * Closed loop: {@code concurrency} senders, each sending its next request when the last returns.
     *
     * @throws IllegalArgumentException if concurrency is not positive
     */
    public SweepPoint closedLoop(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
        if (limits.warmupRequests() > 0) {
            closedPhase(concurrency, limits.warmupRequests(), null);
        }
        Tally tally = new Tally();
        var before = snapshot();
        long elapsed = closedPhase(concurrency, limits.requestsPerLevel(), tally);
        measured(before);
        return tally.point(LoadMode.CONCURRENCY, concurrency, elapsed, target.inferencesPerRequest());
    }

    private long closedPhase(int concurrency, long count, Tally tally) {
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + limits.timePerLevel().toNanos();
        // Virtual threads: blocking on each response keeps the loop closed without a thread per
        // platform core limit.
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                senders.execute(() -> {
                    while (issued.getAndIncrement() < count && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        CompletableFuture<?> call = target.send();
                        Throwable failure = null;
                        try {
                            call.get(limits.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            call.cancel(true);
                            failure = new java.util.concurrent.TimeoutException(
                                    "no response within " + limits.requestTimeout());
                        } catch (java.util.concurrent.ExecutionException e) {
                            failure = e.getCause();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        if (tally != null) {
                            tally.record(System.nanoTime() - t0, failure);
                        }
                    }
                });
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Open loop: requests due at {@code ratePerSecond}, evenly spaced or with exponential gaps.
     *
     * @param seed seeds the Poisson schedule (same seed, same schedule)
     * @throws IllegalArgumentException if the rate is not positive
     */
    public SweepPoint openLoop(double ratePerSecond, Distribution distribution, long seed) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("request rate must be positive: " + ratePerSecond);
        }
        Objects.requireNonNull(distribution, "distribution");
        SplittableRandom random = new SplittableRandom(seed);
        if (limits.warmupRequests() > 0) {
            openPhase(ratePerSecond, distribution, random, limits.warmupRequests(), null);
        }
        Tally tally = new Tally();
        var before = snapshot();
        long elapsed = openPhase(ratePerSecond, distribution, random, limits.requestsPerLevel(), tally);
        measured(before);
        return tally.point(LoadMode.REQUEST_RATE, ratePerSecond, elapsed, target.inferencesPerRequest());
    }

    private long openPhase(double rate, Distribution distribution, SplittableRandom random, long count, Tally tally) {
        Semaphore inFlight = new Semaphore(limits.maxInFlight());
        double meanGapNanos = 1e9 / rate;
        long start = System.nanoTime();
        long deadline = start + limits.timePerLevel().toNanos();
        double due = start;
        for (long i = 0; i < count; i++) {
            long dueAt = (long) due;
            if (dueAt >= deadline) {
                break;
            }
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                if (tally != null) {
                    tally.record(
                            0,
                            new IllegalStateException(limits.maxInFlight()
                                    + " requests in flight: the endpoint cannot keep up with " + rate + " requests/s"));
                }
            } else {
                CompletableFuture<?> call;
                try {
                    call = target.send();
                } catch (RuntimeException e) {
                    call = CompletableFuture.failedFuture(e);
                }
                call.orTimeout(limits.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
                        .whenComplete((result, failure) -> {
                            if (tally != null) {
                                tally.record(System.nanoTime() - dueAt, unwrap(failure));
                            }
                            inFlight.release();
                        });
            }
            due += distribution == Distribution.CONSTANT
                    ? meanGapNanos
                    : -Math.log(1 - random.nextDouble()) * meanGapNanos;
        }
        try {
            // Every outstanding request ends within the timeout, by orTimeout.
            if (inFlight.tryAcquire(
                    limits.maxInFlight(),
                    limits.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS)) {
                inFlight.release(limits.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.nanoTime() - start;
    }

    private static Throwable unwrap(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return failure.getCause();
        }
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return new java.util.concurrent.TimeoutException("no response within the request timeout");
        }
        return failure;
    }

    /** Latencies and counts of one measured phase; safe to record from many threads. */
    private static final class Tally {
        private final Histogram micros = new ConcurrentHistogram(HIGHEST_TRACKABLE_MICROS, 3);
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>("");

        void record(long nanos, Throwable failure) {
            if (failure != null) {
                errors.incrementAndGet();
                String message = failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                firstError.compareAndSet("", message);
                return;
            }
            ok.incrementAndGet();
            micros.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, nanos / 1_000)));
        }

        SweepPoint point(LoadMode mode, double level, long elapsedNanos, int batch) {
            long done = ok.get();
            double seconds = Math.max(elapsedNanos, 1) / 1e9;
            return new SweepPoint(
                    mode,
                    level,
                    done,
                    errors.get(),
                    done * (double) batch / seconds,
                    micros.getValueAtPercentile(50),
                    micros.getValueAtPercentile(90),
                    micros.getValueAtPercentile(95),
                    micros.getValueAtPercentile(99),
                    Math.round(done == 0 ? 0 : micros.getMean()),
                    firstError.get());
        }
    }
}
