package io.radio4j.core.backend.internal;

import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.ModelStatistics.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cumulative per-model statistics in the shape of Triton's statistics extension (counts and
 * nanoseconds of queueing, input preparation, inference and output collection, per batch size),
 * so that perf_analyzer, which reads them before and after each measurement window, can profile
 * the embedded backend. Thread-safe.
 */
final class ModelStats {

    private long successCount;
    private long successNs;
    private long failCount;
    private long failNs;
    private long queueNs;
    private long inputNs;
    private long inferNs;
    private long outputNs;
    private long executions;
    private long inferences;
    private long lastInferenceMillis;
    private final Map<Long, long[]> byBatchSize = new TreeMap<>();

    /**
     * A run of {@code batch} items that produced outputs, from its {@link System#nanoTime()} marks:
     * accepted by the backend, started, inputs ready, inferred; its outputs are ready now.
     */
    void success(long batch, long accepted, long started, long inputsReady, long inferred) {
        addSuccess(
                batch, started - accepted, inputsReady - started, inferred - inputsReady, System.nanoTime() - inferred);
    }

    /** A run that produced outputs: phase durations in nanoseconds. */
    private synchronized void addSuccess(long batch, long queue, long input, long infer, long output) {
        successCount++;
        successNs += queue + input + infer + output;
        queueNs += queue;
        inputNs += input;
        inferNs += infer;
        outputNs += output;
        executions++;
        inferences += batch;
        lastInferenceMillis = System.currentTimeMillis();
        long[] b = byBatchSize.computeIfAbsent(batch, k -> new long[4]);
        b[0]++;
        b[1] += input;
        b[2] += infer;
        b[3] += output;
    }

    /** A request that failed after it was accepted. */
    synchronized void failure(long totalNanos) {
        failCount++;
        failNs += totalNanos;
    }

    synchronized ModelStatistics snapshot(String name, String version) {
        ModelStatistics.InferStats infer = new ModelStatistics.InferStats(
                new Duration(successCount, successNs),
                new Duration(failCount, failNs),
                new Duration(successCount, queueNs),
                new Duration(successCount, inputNs),
                new Duration(successCount, inferNs),
                new Duration(successCount, outputNs),
                null,
                null);
        List<ModelStatistics.BatchStats> batches = new ArrayList<>(byBatchSize.size());
        byBatchSize.forEach((batch, b) -> batches.add(new ModelStatistics.BatchStats(
                batch, new Duration(b[0], b[1]), new Duration(b[0], b[2]), new Duration(b[0], b[3]))));
        return new ModelStatistics(name, version, lastInferenceMillis, inferences, executions, infer, batches);
    }
}
