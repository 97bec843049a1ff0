package io.radio4j.core.encoder.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one deadline of an encoder call (the builder's {@code timeout}, counted from the call's
 * start), and the backend requests sent for it. Each request goes out with the time that is left
 * as its {@link InferRequest#deadline()}, so the backend (gRPC, the embedded queue) and any
 * interceptor enforce the same deadline; {@link #cancel()} cancels every request still running,
 * which for Triton cancels the gRPC call. Thread-safe: batches send from the encoder's executor.
 */
public final class CallDeadline {

    private final Duration budget;
    private final long end;
    private final Queue<CompletableFuture<InferResult>> sent = new ConcurrentLinkedQueue<>();
    private volatile boolean cancelled;

    private CallDeadline(Duration budget) {
        this.budget = budget;
        this.end = System.nanoTime() + budget.toNanos();
    }

    /** A deadline {@code budget} from now. */
    public static CallDeadline after(Duration budget) {
        return new CallDeadline(budget);
    }

    /** The whole time the call was given. */
    public Duration budget() {
        return budget;
    }

    /** Nanoseconds left; zero or less once passed. */
    public long remainingNanos() {
        return end - System.nanoTime();
    }

    /**
     * Sends {@code request} with the time left as its deadline, remembered so {@link #cancel()} can
     * cancel it. Fails at once, without sending, once the deadline has passed or the call was
     * cancelled.
     */
    public CompletableFuture<InferResult> infer(InferenceBackend backend, InferRequest request) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new CancellationException("the encoder call has ended"));
        }
        long left = remainingNanos();
        if (left <= 0) {
            return CompletableFuture.failedFuture(expired(null));
        }
        CompletableFuture<InferResult> answer = backend.infer(
                request.toBuilder().deadline(Duration.ofNanos(left)).build());
        sent.add(answer);
        answer.whenComplete((result, error) -> sent.remove(answer));
        if (cancelled) {
            answer.cancel(true);
        }
        return answer;
    }

    /** Cancels every request still running and any not yet sent. */
    public void cancel() {
        cancelled = true;
        for (CompletableFuture<InferResult> f; (f = sent.poll()) != null; ) {
            f.cancel(true);
        }
    }

    /** The failure of a call whose deadline passed. */
    public BackendException expired(Throwable cause) {
        return new BackendException(
                BackendException.Reason.DEADLINE_EXCEEDED,
                "no answer within " + budget + " (the encoder builder's timeout, the call's deadline)",
                cause);
    }
}
