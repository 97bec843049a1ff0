package io.radio4j.triton;

import java.util.List;
import java.util.Objects;

/**
 * Cumulative inference statistics of one model version, as Triton's statistics extension reports
 * them (counts and total nanoseconds since the model was loaded). Fields of the protocol message it
 * does not carry (memory usage, decoupled response statistics) are available through the generated
 * stub, see {@link ModelConfiguration}. Immutable.
 *
 * @param name model name
 * @param version model version
 * @param lastInferenceMillis when the last inference ran, milliseconds since the epoch; 0 if never
 * @param inferenceCount inferences performed (a batch of n counts n)
 * @param executionCount model executions (a batch counts once)
 * @param inferenceStats per-phase durations of all requests
 * @param batchStats durations per executed batch size
 */
public record ModelStatistics(
        String name,
        String version,
        long lastInferenceMillis,
        long inferenceCount,
        long executionCount,
        InferStats inferenceStats,
        List<BatchStats> batchStats) {

    /** Copies the list; null strings as {@code ""}, null stats as all zero. */
    public ModelStatistics {
        name = Objects.requireNonNullElse(name, "");
        version = Objects.requireNonNullElse(version, "");
        inferenceStats = Objects.requireNonNullElse(inferenceStats, InferStats.EMPTY);
        batchStats = batchStats == null ? List.of() : List.copyOf(batchStats);
    }

    /**
     * A count and the total time those events took.
     *
     * @param count number of events
     * @param nanos their total duration in nanoseconds
     */
    public record Duration(long count, long nanos) {
        /** No events. */
        public static final Duration ZERO = new Duration(0, 0);
    }

    /**
     * Durations of a model's requests by phase.
     *
     * @param success requests that succeeded (whole time)
     * @param fail requests that failed
     * @param queue time waiting in the queue
     * @param computeInput time preparing inputs
     * @param computeInfer time running the model
     * @param computeOutput time collecting outputs
     * @param cacheHit responses served from the response cache
     * @param cacheMiss response-cache lookups that missed
     */
    public record InferStats(
            Duration success,
            Duration fail,
            Duration queue,
            Duration computeInput,
            Duration computeInfer,
            Duration computeOutput,
            Duration cacheHit,
            Duration cacheMiss) {
        /** All zero. */
        public static final InferStats EMPTY = new InferStats(null, null, null, null, null, null, null, null);

        /** Null durations as {@link Duration#ZERO}. */
        public InferStats {
            success = zeroIfNull(success);
            fail = zeroIfNull(fail);
            queue = zeroIfNull(queue);
            computeInput = zeroIfNull(computeInput);
            computeInfer = zeroIfNull(computeInfer);
            computeOutput = zeroIfNull(computeOutput);
            cacheHit = zeroIfNull(cacheHit);
            cacheMiss = zeroIfNull(cacheMiss);
        }
    }

    /**
     * Durations of the executions of one batch size.
     *
     * @param batchSize the batch size
     * @param computeInput time preparing inputs
     * @param computeInfer time running the model
     * @param computeOutput time collecting outputs
     */
    public record BatchStats(long batchSize, Duration computeInput, Duration computeInfer, Duration computeOutput) {
        /** Null durations as {@link Duration#ZERO}. */
        public BatchStats {
            computeInput = zeroIfNull(computeInput);
            computeInfer = zeroIfNull(computeInfer);
            computeOutput = zeroIfNull(computeOutput);
        }
    }

    private static Duration zeroIfNull(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }
}
