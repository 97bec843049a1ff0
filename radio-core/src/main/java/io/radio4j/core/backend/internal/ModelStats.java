package io.radio4j.core.backend.internal;

import io.radio4j.triton.protocol.InferBatchStatistics;
import io.radio4j.triton.protocol.InferStatistics;
import io.radio4j.triton.protocol.ModelStatistics;
import io.radio4j.triton.protocol.StatisticDuration;

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

    /** A run that produced outputs: phase durations in nanoseconds. */
    synchronized void success(long batch, long queue, long input, long infer, long output) {
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
        ModelStatistics.Builder s = ModelStatistics.newBuilder()
                .setName(name)
                .setVersion(version)
                .setLastInference(lastInferenceMillis)
                .setInferenceCount(inferences)
                .setExecutionCount(executions)
                .setInferenceStats(InferStatistics.newBuilder()
                        .setSuccess(duration(successCount, successNs))
                        .setFail(duration(failCount, failNs))
                        .setQueue(duration(successCount, queueNs))
                        .setComputeInput(duration(successCount, inputNs))
                        .setComputeInfer(duration(successCount, inferNs))
                        .setComputeOutput(duration(successCount, outputNs)));
        byBatchSize.forEach((batch, b) -> s.addBatchStats(InferBatchStatistics.newBuilder()
                .setBatchSize(batch)
                .setComputeInput(duration(b[0], b[1]))
                .setComputeInfer(duration(b[0], b[2]))
                .setComputeOutput(duration(b[0], b[3]))));
        return s.build();
    }

    private static StatisticDuration duration(long count, long ns) {
        return StatisticDuration.newBuilder().setCount(count).setNs(ns).build();
    }
}
