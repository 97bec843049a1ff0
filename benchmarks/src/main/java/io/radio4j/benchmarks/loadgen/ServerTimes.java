package io.radio4j.benchmarks.loadgen;

/**
 * Where a request's time went inside the server during one sweep level, averaged per successful
 * request, in microseconds: perf_analyzer's server columns, from the difference of Triton's
 * cumulative {@code ModelStatistics} before and after the level.
 *
 * @param requests successful requests the server counted in the level
 * @param queue average time in the scheduler queue
 * @param computeInput average time preparing inputs
 * @param computeInfer average model execution time
 * @param computeOutput average time extracting outputs
 */
public record ServerTimes(long requests, long queue, long computeInput, long computeInfer, long computeOutput) {

    /** @throws IllegalArgumentException if a value is negative */
    public ServerTimes {
        if (requests < 0 || queue < 0 || computeInput < 0 || computeInfer < 0 || computeOutput < 0) {
            throw new IllegalArgumentException("negative server statistics");
        }
    }

    /** Everything the server accounts for. */
    public long total() {
        return queue + computeInput + computeInfer + computeOutput;
    }

    /**
     * Cumulative counters of a model, as Triton's {@code InferStatistics} reports them.
     *
     * @param success successful requests
     * @param queueNanos total queue time
     * @param computeInputNanos total input preparation time
     * @param computeInferNanos total execution time
     * @param computeOutputNanos total output time
     */
    public record Snapshot(
            long success, long queueNanos, long computeInputNanos, long computeInferNanos, long computeOutputNanos) {

        /**
         * The per-request averages between an earlier snapshot and this one.
         *
         * @throws IllegalArgumentException if a counter went backwards (the model was reloaded)
         */
        public ServerTimes since(Snapshot before) {
            long n = success - before.success;
            long q = queueNanos - before.queueNanos;
            long in = computeInputNanos - before.computeInputNanos;
            long inf = computeInferNanos - before.computeInferNanos;
            long out = computeOutputNanos - before.computeOutputNanos;
            if (n < 0 || q < 0 || in < 0 || inf < 0 || out < 0) {
                throw new IllegalArgumentException("server statistics went backwards (model reloaded?)");
            }
            if (n == 0) {
                return new ServerTimes(0, 0, 0, 0, 0);
            }
            return new ServerTimes(n, q / n / 1000, in / n / 1000, inf / n / 1000, out / n / 1000);
        }
    }
}
