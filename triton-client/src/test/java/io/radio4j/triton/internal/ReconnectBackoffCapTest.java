package io.radio4j.triton.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The back-off cap resets gRPC's reconnect back-off only while the channel is failing, every cap. */
class ReconnectBackoffCapTest {

    private static final Duration CAP = Duration.ofSeconds(3);

    @Test
    void resetsTheBackoffEveryCapWhileFailingAndStopsOnceConnected() {
        FakeChannel channel = new FakeChannel(ConnectivityState.CONNECTING);
        List<Runnable> due = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        ReconnectBackoffCap.install(channel, CAP, (task, delay) -> {
            due.add(task);
            delays.add(delay);
        });
        assertEquals(0, due.size(), "nothing to cap while connecting");

        channel.become(ConnectivityState.TRANSIENT_FAILURE);
        assertEquals(List.of(CAP), delays);
        runNext(due);
        assertEquals(1, channel.resets, "one reset after the cap");
        assertEquals(2, delays.size(), "and the next one scheduled while it still fails");
        runNext(due);
        assertEquals(2, channel.resets);

        channel.state = ConnectivityState.READY; // connected before the next timer fires
        runNext(due);
        assertEquals(2, channel.resets, "no reset once connected");
        assertTrue(due.isEmpty(), "no timer while connected");

        channel.become(ConnectivityState.SHUTDOWN);
        assertTrue(due.isEmpty(), "stops with the channel");
        assertEquals(2, channel.resets);
    }

    @Test
    void refusesANonPositiveCap() {
        FakeChannel channel = new FakeChannel(ConnectivityState.IDLE);
        assertThrows(
                IllegalArgumentException.class,
                () -> ReconnectBackoffCap.install(channel, Duration.ZERO, (t, d) -> {}));
    }

    private static void runNext(List<Runnable> due) {
        due.removeFirst().run();
    }

    /** A channel whose state the test sets, recording back-off resets. */
    private static final class FakeChannel extends ManagedChannel {
        ConnectivityState state;
        int resets;
        private final List<Runnable> watchers = new ArrayList<>();

        FakeChannel(ConnectivityState state) {
            this.state = state;
        }

        void become(ConnectivityState next) {
            state = next;
            List<Runnable> now = new ArrayList<>(watchers);
            watchers.clear();
            now.forEach(Runnable::run);
        }

        @Override
        public ConnectivityState getState(boolean requestConnection) {
            return state;
        }

        @Override
        public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
            watchers.add(callback);
        }

        @Override
        public void resetConnectBackoff() {
            resets++;
        }

        @Override
        public ManagedChannel shutdown() {
            return this;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public ManagedChannel shutdownNow() {
            return this;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String authority() {
            return "fake";
        }
    }
}
