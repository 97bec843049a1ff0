package io.radio4j.tokenbudget.vllmsim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A discrete-time simulator of a continuous-batching VLM server with chunked prefill, after vLLM's
 * V1 scheduler ({@code vllm/v1/core/sched/scheduler.py}, {@code Scheduler.schedule}): each step
 * first gives every running (decoding) request one token of the step's budget, then fills the rest
 * with prompt chunks of waiting requests in arrival order (a prompt longer than the remaining budget
 * is split across steps), up to {@code maxRunning} requests at once. A request's first token is
 * produced by the step that finishes its prompt and reaches the client {@code frontEndMs} later;
 * it then decodes {@code outputTokens} tokens, one per step, slowing every step it is in. Step
 * times follow {@link GpuConfig}; a slowdown function of time scales them (a GPU that throttles, or
 * a neighbour that starts sharing it).
 *
 * <p>Not thread-safe. Deterministic: no randomness inside.
 */
public final class VllmLikeServer {

    private final GpuConfig gpu;
    private final DoubleUnaryOperator slowdownAt;
    private final ArrayDeque<SimRequest> waiting = new ArrayDeque<>();
    private final List<SimRequest> running = new ArrayList<>();
    private double nowMs;
    private long steps;
    private long busySteps;

    /**
     * @param slowdownAt factor (≥ 1 slower) by which step times grow at a simulated time in ms
     */
    public VllmLikeServer(GpuConfig gpu, DoubleUnaryOperator slowdownAt) {
        this.gpu = gpu;
        this.slowdownAt = slowdownAt;
    }

    /** Simulated time, ms. */
    public double nowMs() {
        return nowMs;
    }

    /** Steps run so far. */
    public long steps() {
        return steps;
    }

    /** Requests waiting for their prompt to start or finish, and decoding. */
    public int inSystem() {
        return waiting.size() + running.size();
    }

    /**
     * Adds a request that arrived at {@code arrivalMs}. Arrivals must come in time order; one that
     * arrives while a step is running (before {@link #nowMs}) joins the next step, as in a real
     * server.
     */
    public SimRequest submit(long id, double arrivalMs, int images, int promptTokens, int outputTokens) {
        if (!waiting.isEmpty() && arrivalMs < waiting.peekLast().arrivalMs) {
            throw new IllegalArgumentException(
                    "arrival " + arrivalMs + " before the previous one " + waiting.peekLast().arrivalMs);
        }
        if (images < 0 || promptTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("a request needs images ≥ 0, a prompt and at least one output token");
        }
        SimRequest r = new SimRequest(id, arrivalMs, images, promptTokens, outputTokens);
        waiting.add(r);
        return r;
    }

    /**
     * Runs steps until {@code untilMs} (a step that starts before it may end after it) and returns
     * the requests whose first token reached the client, in that order. When idle the clock jumps.
     */
    public List<SimRequest> runUntil(double untilMs) {
        List<SimRequest> firstTokens = new ArrayList<>();
        while (nowMs < untilMs) {
            if (waiting.isEmpty() && running.isEmpty()) {
                nowMs = untilMs;
                break;
            }
            step(firstTokens);
        }
        return firstTokens;
    }

    private void step(List<SimRequest> firstTokens) {
        int budget = gpu.tokenBudget();
        int decodes = 0;
        // 1. Running requests first: each decoding request takes one token of the budget.
        List<SimRequest> prefilling = new ArrayList<>();
        for (SimRequest r : running) {
            if (r.prefilled >= r.promptTokens) {
                if (budget > 0) {
                    decodes++;
                    budget--;
                }
            } else {
                prefilling.add(r);
            }
        }
        double prefillTokens = 0;
        double attention = 0;
        int imagesEncoded = 0;
        List<SimRequest> finishedPrompt = new ArrayList<>();
        // 2. Partly prefilled running requests continue, then waiting ones start, in arrival order.
        for (SimRequest r : prefilling) {
            if (budget <= 0) {
                break;
            }
            int chunk = Math.min(budget, r.promptTokens - r.prefilled);
            attention += chunk * (r.prefilled + chunk / 2.0) / 1000.0;
            r.prefilled += chunk;
            prefillTokens += chunk;
            budget -= chunk;
            if (r.prefilled == r.promptTokens) {
                finishedPrompt.add(r);
            }
        }
        while (budget > 0 && !waiting.isEmpty() && running.size() < gpu.maxRunning()) {
            SimRequest r = waiting.poll();
            running.add(r);
            if (!r.encoded) {
                r.encoded = true;
                imagesEncoded += r.images;
            }
            int chunk = Math.min(budget, r.promptTokens);
            attention += chunk * (chunk / 2.0) / 1000.0;
            r.prefilled = chunk;
            prefillTokens += chunk;
            budget -= chunk;
            if (r.prefilled == r.promptTokens) {
                finishedPrompt.add(r);
            }
        }
        double ms = (gpu.stepOverheadMs()
                        + gpu.prefillMsPerToken() * prefillTokens
                        + gpu.attentionMsPerKTok() * attention
                        + gpu.decodeMsPerSeq() * decodes
                        + gpu.encoderMsPerImage() * imagesEncoded)
                / gpu.speed();
        ms *= Math.max(1e-6, slowdownAt.applyAsDouble(nowMs));
        nowMs += ms;
        steps++;
        if (prefillTokens > 0) {
            busySteps++;
        }
        for (SimRequest r : finishedPrompt) {
            r.firstTokenMs = nowMs + gpu.frontEndMs();
            firstTokens.add(r);
        }
        // Decoding requests that produced their last token leave.
        Iterator<SimRequest> it = running.iterator();
        while (it.hasNext()) {
            SimRequest r = it.next();
            if (r.prefilled >= r.promptTokens && !finishedPrompt.contains(r)) {
                r.decoded++;
                if (r.decoded >= r.outputTokens) {
                    r.finishedMs = nowMs;
                    it.remove();
                }
            }
        }
        firstTokens.sort((a, b) -> Double.compare(a.firstTokenMs, b.firstTokenMs));
    }
}
