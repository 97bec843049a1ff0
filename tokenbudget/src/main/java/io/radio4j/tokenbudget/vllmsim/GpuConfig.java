package io.radio4j.tokenbudget.vllmsim;

/**
 * The cost of one scheduler step on a simulated GPU, in milliseconds. Written from how vLLM's V1
 * scheduler builds a step ({@code vllm/v1/core/sched/scheduler.py}, {@code Scheduler.schedule}):
 * running requests are scheduled first (a decoding request takes one token of the step's token
 * budget), then waiting requests' prompt chunks fill the rest of {@code max_num_batched_tokens};
 * a multimodal request's images are encoded in the step where its prompt starts. A step's time here
 * is
 * <pre>
 *   (overhead + prefill·P + attention·Σ chunk·context/1000 + decode·D + encoder·images) / speed
 * </pre>
 * with P prompt tokens, D decoding requests and the attention term growing with each chunk's
 * position in its prompt. Nothing here comes from the controller's model.
 *
 * @param stepOverheadMs     fixed cost of a step (kernel launches, sampling, scheduling)
 * @param prefillMsPerToken  cost per prompt token in the step
 * @param attentionMsPerKTok cost per prompt token per thousand tokens of context before it
 * @param decodeMsPerSeq     cost per decoding request in the step
 * @param encoderMsPerImage  vision-encoder cost per image, paid in the step its prompt starts
 * @param frontEndMs         pipelined latency (HTTP, tokenising, detokenising, streaming): added to
 *                           TTFT, occupies no step
 * @param tokenBudget        tokens per step (vLLM's {@code max_num_batched_tokens})
 * @param maxRunning         most requests running at once (vLLM's {@code max_num_seqs})
 * @param speed              relative speed (1.7 = a GPU 1.7× faster)
 */
public record GpuConfig(
        double stepOverheadMs,
        double prefillMsPerToken,
        double attentionMsPerKTok,
        double decodeMsPerSeq,
        double encoderMsPerImage,
        double frontEndMs,
        int tokenBudget,
        int maxRunning,
        double speed) {

    /**
     * A server tuned so that a lone 32-image, 128-text-token request has roughly the RADIO1D card's
     * TTFT at k = 1 and k = 256 (about 327 and 450 ms); its split into pipelined and engine time is
     * this simulator's own assumption (about 60% of the floor pipelined).
     */
    public static GpuConfig h100Like() {
        return new GpuConfig(6, 0.0105, 0.0006, 0.08, 3.5, 200, 8192, 256, 1.0);
    }

    /** This GPU, {@code factor} times faster (below 1: slower). */
    public GpuConfig faster(double factor) {
        return new GpuConfig(
                stepOverheadMs,
                prefillMsPerToken,
                attentionMsPerKTok,
                decodeMsPerSeq,
                encoderMsPerImage,
                frontEndMs,
                tokenBudget,
                maxRunning,
                speed * factor);
    }
}
