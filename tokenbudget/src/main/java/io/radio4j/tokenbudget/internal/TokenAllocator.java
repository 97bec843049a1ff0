package io.radio4j.tokenbudget.internal;

/**
 * Splits a visual-token budget over the images of one request. Classes are indexed; the allocator
 * was built for a fixed list of class curves.
 */
public interface TokenAllocator {

    /**
     * Tokens per image maximising the summed accuracy with at most {@code budget} tokens in total.
     * Every image gets at least its class floor, even when the floors exceed the budget.
     *
     * @param classOfImage class index of each image
     * @param budget       visual tokens for all images together
     */
    int[] allocate(int[] classOfImage, int budget);

    /** Sum of the class floors of these images. */
    int floorSum(int[] classOfImage);
}
