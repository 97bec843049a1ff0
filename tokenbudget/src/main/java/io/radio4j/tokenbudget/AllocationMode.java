package io.radio4j.tokenbudget;

/** How a request's visual-token budget is split over its images. */
public enum AllocationMode {
    /**
     * Greedy marginal utility on each class's upper concave hull, any integer k between measured
     * points (accuracy interpolated linearly). Exactly optimal for the hull curves; microseconds.
     * The default.
     */
    HULL_GREEDY,
    /**
     * Only measured token counts (and the floors); exact dynamic programming over the raw,
     * possibly non-concave curves. For engines that accept only some k; milliseconds for 32 images.
     */
    MEASURED_POINTS_EXACT
}
