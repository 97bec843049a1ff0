package io.radio4j.core.encoder;

import java.util.Objects;

/**
 * Both C-RADIO outputs of one image from a single inference.
 *
 * @param summary the summary vector; copied on the way in and out
 * @param features the dense features
 */
public record CRadioOutput(float[] summary, SpatialFeatures features) {

    /** @throws NullPointerException if an argument is null */
    public CRadioOutput {
        summary = Objects.requireNonNull(summary, "summary").clone();
        Objects.requireNonNull(features, "features");
    }

    /** A copy of the summary vector. */
    @Override
    public float[] summary() {
        return summary.clone();
    }
}
