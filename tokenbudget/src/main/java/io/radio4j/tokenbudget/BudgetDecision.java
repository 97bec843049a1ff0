package io.radio4j.tokenbudget;

import java.util.List;

/**
 * The controller's answer to a {@link BudgetRequest}. Pass it back unchanged to
 * {@link TokenBudgetController#observe} with the measured TTFT. Jackson-serialisable.
 *
 * @param tokensPerImage     RADIO1D tokens for each image, in request order (copied)
 * @param imageClasses       the task class used for each image (copied)
 * @param textTokens         the request's text tokens
 * @param ttftTargetMs       the request's target
 * @param quantile           the request's quantile
 * @param predictedTtftMs    predicted TTFT at the request's quantile (queue + service + margin)
 * @param predictedWaitMs    predicted time spent queued behind earlier requests
 * @param predictedServiceMs predicted time from the start of its prefill to its first token: its own
 *                           engine work plus the pipelined latency
 * @param marginMs           the safety margin included in the predicted TTFT
 * @param expectedAccuracy   mean over images of the profile's accuracy at the chosen tokens (percent)
 * @param reason             which constraint set the budget
 * @param admitted           false only when the reason is {@link DecisionReason#SHED}
 * @param levelTokens        tokens per image the decision's budget allowed (budget over images, 1..256)
 * @param decidedAtNanos     the controller clock's reading when deciding
 * @param sequence           the controller's running number of this decision
 */
public record BudgetDecision(
        List<Integer> tokensPerImage,
        List<String> imageClasses,
        int textTokens,
        double ttftTargetMs,
        double quantile,
        double predictedTtftMs,
        double predictedWaitMs,
        double predictedServiceMs,
        double marginMs,
        double expectedAccuracy,
        DecisionReason reason,
        boolean admitted,
        int levelTokens,
        long decidedAtNanos,
        long sequence) {

    /** @throws BudgetRequestException if the lists are missing or of different lengths */
    public BudgetDecision {
        if (tokensPerImage == null || tokensPerImage.isEmpty()) {
            throw new BudgetRequestException("a decision needs tokensPerImage");
        }
        tokensPerImage = List.copyOf(tokensPerImage);
        imageClasses = imageClasses == null ? List.of() : List.copyOf(imageClasses);
        if (imageClasses.size() != tokensPerImage.size()) {
            throw new BudgetRequestException("a decision needs one class per image");
        }
        if (reason == null) {
            throw new BudgetRequestException("a decision needs a reason");
        }
    }

    /** Visual tokens of all images together. */
    public int totalVisualTokens() {
        int sum = 0;
        for (int k : tokensPerImage) {
            sum += k;
        }
        return sum;
    }

    /** Visual plus text tokens: the prompt length the TTFT model sees. */
    public int totalTokens() {
        return totalVisualTokens() + textTokens;
    }
}
