package io.radio4j.tokenbudget;

import java.util.List;

/**
 * The controller's TTFT model of one serving stack, in milliseconds. A request of {@code n} images
 * and {@code T} prompt tokens (visual + text) that finds {@code W} ms of prefill work ahead of it has
 * <pre>
 *   TTFT = W + engine(n, T) + latency
 *   engine(n, T) = perRequest + perImage·n + perToken·T + perStep·(⌈T / stepTokens⌉ − 1)
 * </pre>
 * {@code engine} occupies the prefill engine (the GPU): later requests wait for it. {@code latency}
 * is pipelined: network, tokenisation, scheduling and sampling the first token; it delays this
 * request but not the next one. {@code perStep} is what each prefill step beyond the first adds
 * when a prompt is longer than {@code stepTokens} (vLLM's {@code max_num_batched_tokens}): the
 * prompt then ends in a later step. In a queue, steps are shared by several requests, so a queued
 * request's engine time has no step term ({@link #queuedEngineMs}).
 *
 * @param latencyMs    pipelined latency, not occupying the engine
 * @param perRequestMs engine time per request
 * @param perImageMs   engine time per image (vision encoder, image pre/post-processing)
 * @param perTokenMs   engine time per prompt token
 * @param perStepMs    engine time per extra prefill step of a long prompt
 * @param stepTokens   tokens per prefill step, at least 1
 * @param stddevMs     standard deviation of the five parameters above, in the same order (empty when
 *                     unknown)
 */
public record TtftParameters(
        double latencyMs,
        double perRequestMs,
        double perImageMs,
        double perTokenMs,
        double perStepMs,
        int stepTokens,
        List<Double> stddevMs) {

    /** Number of fitted parameters. */
    public static final int SIZE = 5;
    /** Parameter names, in order. */
    public static final List<String> NAMES =
            List.of("latencyMs", "perRequestMs", "perImageMs", "perTokenMs", "perStepMs");

    /** @throws ProfileException if a value is negative or not finite */
    public TtftParameters {
        double[] v = {latencyMs, perRequestMs, perImageMs, perTokenMs, perStepMs};
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]) || v[i] < 0) {
                throw new ProfileException(
                        "TTFT parameter " + NAMES.get(i) + " must be a finite number ≥ 0, got " + v[i]);
            }
        }
        if (stepTokens < 1) {
            throw new ProfileException("stepTokens must be at least 1, got " + stepTokens);
        }
        stddevMs = stddevMs == null ? List.of() : List.copyOf(stddevMs);
        if (!stddevMs.isEmpty() && stddevMs.size() != SIZE) {
            throw new ProfileException("stddevMs must be empty or have " + SIZE + " entries, got " + stddevMs.size());
        }
    }

    /** The parameters from an array in {@link #NAMES} order. */
    public static TtftParameters of(double[] values, int stepTokens, double[] stddev) {
        return new TtftParameters(
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                stepTokens,
                stddev == null
                        ? List.of()
                        : java.util.Arrays.stream(stddev).boxed().toList());
    }

    /** The five parameters as an array, in {@link #NAMES} order. */
    public double[] toArray() {
        return new double[] {latencyMs, perRequestMs, perImageMs, perTokenMs, perStepMs};
    }

    /** Prefill steps beyond the first that a prompt of {@code tokens} needs on its own. */
    public int extraSteps(int tokens) {
        return Math.max(0, (tokens - 1) / stepTokens);
    }

    /** Engine time of one request served alone. */
    public double engineMs(int images, int tokens) {
        return perRequestMs + perImageMs * images + perTokenMs * tokens + perStepMs * extraSteps(tokens);
    }

    /** Engine time one request adds to a queue, where prefill steps are shared. */
    public double queuedEngineMs(int images, int tokens) {
        return perRequestMs + perImageMs * images + perTokenMs * tokens;
    }

    /** TTFT of a request sent to an idle server. */
    public double soloTtftMs(int images, int tokens) {
        return latencyMs + engineMs(images, tokens);
    }

    /** The features of a solo request: the row that {@link #soloTtftMs} multiplies by the parameters. */
    public double[] soloFeatures(int images, int tokens) {
        return new double[] {1, 1, images, tokens, extraSteps(tokens)};
    }

    /** These parameters with the engine part (all but the latency) multiplied by {@code factor}. */
    public TtftParameters withEngineScaled(double factor) {
        return new TtftParameters(
                latencyMs,
                perRequestMs * factor,
                perImageMs * factor,
                perTokenMs * factor,
                perStepMs * factor,
                stepTokens,
                List.of());
    }
}
