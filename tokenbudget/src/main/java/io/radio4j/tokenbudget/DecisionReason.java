package io.radio4j.tokenbudget;

/** Which constraint set a decision's budget. */
public enum DecisionReason {
    /** Every image got the most tokens its class uses: nothing had to give. */
    FULL_QUALITY,
    /**
     * Not produced by this version (it has no separate load level; load shows in the predicted
     * wait, see {@link #TTFT_TARGET}); kept so that decisions recorded by earlier versions still parse.
     */
    LOAD_LEVEL,
    /** Tokens were cut so that the predicted TTFT (with margin) meets the target. */
    TTFT_TARGET,
    /** The request's own {@code maxTotalTokens} cap set the budget. */
    TOKEN_CAP,
    /** Even the class floors miss the target; sent at the floors anyway (shedding is off). */
    TARGET_UNREACHABLE,
    /** Even the floors miss the target and shedding is on: do not send it. */
    SHED,
    /**
     * Shedding is on and the floors miss the target, but this request is sent at the floors as a
     * probe, so that the controller keeps learning while it sheds (at most one per probe interval).
     */
    PROBE
}
