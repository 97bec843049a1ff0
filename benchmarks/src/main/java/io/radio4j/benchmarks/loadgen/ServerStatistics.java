package io.radio4j.benchmarks.loadgen;

import io.grpc.Status;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a model's cumulative statistics from a KServe v2 server that implements Triton's
 * {@code ModelStatistics} RPC. Servers that do not (radio4j's embedded server answers
 * UNIMPLEMENTED) give no snapshot, and the CSV then leaves the server columns out, as perf_analyzer
 * does.
 *
 * <p>Thread-safe.
 */
public final class ServerStatistics {

    private final TritonClient client;
    private final String model;
    private volatile boolean supported = true;

    /** @param client the target's client (not closed here); @param model the model measured */
    public ServerStatistics(TritonClient client, String model) {
        this.client = Objects.requireNonNull(client, "client");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The model's counters now, summed over its versions, or empty if the server has none. */
    public Optional<ServerTimes.Snapshot> snapshot() {
        if (!supported) {
            return Optional.empty();
        }
        try {
            long success = 0, queue = 0, input = 0, infer = 0, output = 0;
            for (ModelStatistics stats : client.modelStatistics(model, "")) {
                ModelStatistics.InferStats s = stats.inferenceStats();
                success += s.success().count();
                queue += s.queue().nanos();
                input += s.computeInput().nanos();
                infer += s.computeInfer().nanos();
                output += s.computeOutput().nanos();
            }
            return Optional.of(new ServerTimes.Snapshot(success, queue, input, infer, output));
        } catch (TritonException e) {
            if (e.statusCode() == Status.Code.UNIMPLEMENTED) {
                supported = false;
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            // Statistics are an extra: a server that fails them still gets its client-side columns.
            return Optional.empty();
        }
    }
}
