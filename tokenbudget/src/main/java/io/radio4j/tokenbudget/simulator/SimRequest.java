package io.radio4j.tokenbudget.simulator;

import java.util.List;

/**
 * One simulated VLM request: when it arrives, the task class of each image, its text tokens.
 *
 * @param id           arrival order, from 0
 * @param arrivalNanos simulated arrival time
 * @param imageClasses one task class per image (copied)
 * @param textTokens   prompt text tokens
 */
public record SimRequest(int id, long arrivalNanos, List<String> imageClasses, int textTokens) {

    public SimRequest {
        imageClasses = List.copyOf(imageClasses);
        if (imageClasses.isEmpty() || textTokens < 0 || arrivalNanos < 0) {
            throw new IllegalArgumentException("a simulated request needs images, text tokens ≥ 0 and a time ≥ 0");
        }
    }

    public int images() {
        return imageClasses.size();
    }
}
