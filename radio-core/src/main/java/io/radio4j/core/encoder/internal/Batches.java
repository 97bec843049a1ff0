package io.radio4j.core.encoder.internal;

import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Splits a list call into batches, runs them concurrently, and puts the outcomes back in input
 * order. A batch that fails as a whole fails each of its items with that cause. The call has one
 * deadline ({@link CallDeadline}): every batch's request carries what is left of it, and when it
 * passes the call fails with {@link BackendException.Reason#DEADLINE_EXCEEDED} and every request
 * still running is cancelled.
 */
public final class Batches {

    private Batches() {}

    /** Runs a chunked call over {@code itemCount} items. */
    public interface ChunkCall<R> {
        /**
         * Starts the work for items {@code from} (inclusive) to {@code to} (exclusive); one outcome
         * per item. Requests go through {@code deadline}'s {@link CallDeadline#infer}.
         */
        CompletableFuture<List<Outcome<R>>> start(int from, int to, CallDeadline deadline);
    }

    /**
     * @return every result, in input order
     * @throws RadioInputException if the list is larger than {@code maxItems}
     * @throws BatchException if any item failed, listing them and carrying the others' results
     * @param timeout the call's deadline, counted from now
     * @throws BackendException DEADLINE_EXCEEDED if the answers take longer than {@code timeout}
     */
    public static <R> List<R> run(int itemCount, int batchSize, int maxItems, Duration timeout, ChunkCall<R> call) {
        if (itemCount > maxItems) {
            throw new RadioInputException(itemCount + " items in one call; the limit is " + maxItems
                    + " (the encoder builder's maxItemsPerCall)");
        }
        CallDeadline deadline = CallDeadline.after(timeout);
        List<CompletableFuture<List<Outcome<R>>>> chunks = new ArrayList<>();
        for (int from = 0; from < itemCount; from += batchSize) {
            int to = Math.min(itemCount, from + batchSize);
            CompletableFuture<List<Outcome<R>>> chunk;
            try {
                chunk = call.start(from, to, deadline);
            } catch (RuntimeException e) {
                chunk = CompletableFuture.completedFuture(failAll(to - from, asRadio(e)));
            }
            int size = to - from;
            chunks.add(chunk.exceptionally(e -> failAll(size, asRadio(e))));
        }
        try {
            // The caller's own wait ends at the same deadline the requests carry, so whichever side
            // notices first, the outcome is DEADLINE_EXCEEDED; no timer of its own.
            CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancel the derived futures (so unsent batches are not sent) and the backend requests
            // themselves (so the backend stops working for nobody).
            chunks.forEach(c -> c.cancel(true));
            deadline.cancel();
            throw deadline.expired(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chunks.forEach(c -> c.cancel(true));
            deadline.cancel();
            throw new BackendException(
                    BackendException.Reason.UNAVAILABLE, "interrupted while waiting for the backend", e);
        } catch (ExecutionException e) {
            // Unreachable: every chunk turns its failure into outcomes above.
            throw asRadio(e.getCause());
        }
        List<R> results = new ArrayList<>(Arrays.asList(newArray(itemCount)));
        Map<Integer, RadioException> failures = new LinkedHashMap<>();
        int index = 0;
        for (CompletableFuture<List<Outcome<R>>> chunk : chunks) {
            for (Outcome<R> outcome : chunk.join()) {
                if (outcome.error() != null) {
                    failures.put(index, outcome.error());
                } else {
                    results.set(index, outcome.value());
                }
                index++;
            }
        }
        if (!failures.isEmpty()) {
            throw new BatchException(itemCount, failures, results);
        }
        return results;
    }

    /** A single-item call: its result, or its own exception (not wrapped in a BatchException). */
    public static <R> R runOne(Duration timeout, ChunkCall<R> call) {
        try {
            return run(1, 1, 1, timeout, call).getFirst();
        } catch (BatchException e) {
            throw e.failures().get(0);
        }
    }

    /** Every item of a chunk failing with the same cause. */
    public static <R> List<Outcome<R>> failAll(int count, RadioException error) {
        List<Outcome<R>> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outcomes.add(Outcome.failed(error));
        }
        return outcomes;
    }

    /** Outcomes from a per-item function that may throw. */
    public static <R> List<Outcome<R>> each(int from, int to, IntFunction<R> item) {
        List<Outcome<R>> outcomes = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            try {
                outcomes.add(Outcome.ok(item.apply(i)));
            } catch (RuntimeException e) {
                outcomes.add(Outcome.failed(asRadio(e)));
            }
        }
        return outcomes;
    }

    /**
     * Sends the items that were prepared, one request per group of equal key (one tensor holds one
     * shape), and lines the answers up with the items: an item that failed to prepare keeps its own
     * error, a request that fails (or throws while being built) fails its group only.
     *
     * @param send one result per item of the group, in group order
     */
    public static <P, R> CompletableFuture<List<Outcome<R>>> sendPrepared(
            List<Outcome<P>> prepared,
            Function<P, Object> groupKey,
            Function<List<P>, CompletableFuture<List<R>>> send) {
        Map<Object, List<Integer>> groups = new LinkedHashMap<>();
        List<CompletableFuture<Outcome<R>>> answers = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            Outcome<P> item = prepared.get(i);
            answers.add(item.error() != null ? CompletableFuture.completedFuture(Outcome.failed(item.error())) : null);
            if (item.error() == null) {
                groups.computeIfAbsent(groupKey.apply(item.value()), k -> new ArrayList<>())
                        .add(i);
            }
        }
        for (List<Integer> positions : groups.values()) {
            List<P> group = positions.stream().map(i -> prepared.get(i).value()).toList();
            CompletableFuture<List<R>> sent;
            try {
                sent = send.apply(group);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            for (int k = 0; k < positions.size(); k++) {
                int inGroup = k;
                answers.set(
                        positions.get(k),
                        sent.handle((results, error) ->
                                error != null ? Outcome.<R>failed(asRadio(error)) : Outcome.ok(results.get(inGroup))));
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().map(CompletableFuture::join).toList());
    }

    /** Unwraps future wrappers and gives non-radio failures a radio type, keeping the cause. */
    public static RadioException asRadio(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RadioException re) {
            return re;
        }
        if (cause instanceof IllegalArgumentException) {
            return new RadioInputException(cause.getMessage(), cause);
        }
        if (cause instanceof RejectedExecutionException) {
            // A bounded executor whose queue is full: the caller is over capacity, which may pass.
            return new BackendException(
                    BackendException.Reason.UNAVAILABLE,
                    "too much work queued for the encoder's executor; retry later",
                    cause);
        }
        return new BackendException(BackendException.Reason.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }

    @SuppressWarnings("unchecked")
    private static <R> R[] newArray(int n) {
        return (R[]) new Object[n];
    }
}
