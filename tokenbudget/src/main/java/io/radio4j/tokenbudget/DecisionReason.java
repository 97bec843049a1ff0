package io.radio4j.tokenbudget;

/** Which constraint set the request's visual-token budget; stable names for logs and JSON. */
public enum DecisionReason {
    /** Nothing bound: every image got its class's maximum tokens. */
    FULL_QUALITY,
    /** The controller's load level (tokens per image it currently allows) bound. */
    LOAD_LEVEL,
    /** The TTFT target bound: queue wait plus service plus margin left room for fewer tokens. */
    TTFT_TARGET,
    /** The request's own {@code maxTotalTokens} cap bound. */
    TOKEN_CAP,
    /** Even the per-class floors are predicted to miss the target; the request got its floors. */
    TARGET_UNREACHABLE,
    /** The target is unreachable and the controller sheds such requests: do not send it. */
    SHED
}
