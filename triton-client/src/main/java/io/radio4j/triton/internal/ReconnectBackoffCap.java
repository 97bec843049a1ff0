package io.radio4j.triton.internal;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Caps gRPC's reconnect back-off. grpc-java grows the wait between connection attempts to a
 * server that is down up to 120 s (its {@code ExponentialBackoffPolicy}: 1 s, ×1.6, ±20 %), and a
 * builder cannot lower that; so after a long outage a server that is back could wait two minutes
 * for its clients. While the channel stays in {@code TRANSIENT_FAILURE}, this watcher calls
 * {@link ManagedChannel#resetConnectBackoff()} every {@code cap}, so the next attempt comes at most
 * {@code cap} later; once connected gRPC starts its back-off from the beginning again. It holds no
 * thread of its own and stops when the channel shuts down.
 */
public final class ReconnectBackoffCap {

    /** Runs a task after a delay. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final ManagedChannel channel;
    private final Duration cap;
    private final Scheduler scheduler;

    private ReconnectBackoffCap(ManagedChannel channel, Duration cap, Scheduler scheduler) {
        this.channel = channel;
        this.cap = cap;
        this.scheduler = scheduler;
    }

    /** Starts watching {@code channel}, with the JDK's shared delay timer. */
    public static void install(ManagedChannel channel, Duration cap) {
        install(
                channel,
                cap,
                (task, delay) -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
                        .execute(task));
    }

    /**
     * Starts watching {@code channel} with this scheduler (tests).
     *
     * @throws IllegalArgumentException if {@code cap} is not positive
     */
    public static void install(ManagedChannel channel, Duration cap, Scheduler scheduler) {
        if (cap == null || cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("the reconnect back-off cap must be positive, got " + cap);
        }
        new ReconnectBackoffCap(
                        Objects.requireNonNull(channel, "channel"), cap, Objects.requireNonNull(scheduler, "scheduler"))
                .watch();
    }

    private void watch() {
        ConnectivityState state = channel.getState(false);
        switch (state) {
            case SHUTDOWN -> {}
            case TRANSIENT_FAILURE -> scheduler.schedule(this::retry, cap);
            default -> channel.notifyWhenStateChanged(state, this::watch);
        }
    }

    private void retry() {
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        watch();
    }
}
