package io.radio4j.core.model;

/**
 * SigLIP's learned logit scale and bias, which turn a cosine similarity into a match probability:
 * {@code p = sigmoid(exp(logitScale) · cos + logitBias)} (SigLIP, Zhai et al. 2023). RADIO's own
 * adaptor discards them, so they are only known when the engine's {@code config.pbtxt} publishes
 * them as {@value RadioModels#LOGIT_SCALE_PARAMETER} / {@value RadioModels#LOGIT_BIAS_PARAMETER}.
 *
 * @param logitScale the scale before {@code exp} (e.g. ln 10 ≈ 2.3026)
 * @param logitBias the bias (e.g. -10)
 */
public record SigLipCalibration(double logitScale, double logitBias) {

    /** @throws IllegalArgumentException if a value is not finite */
    public SigLipCalibration {
        if (!Double.isFinite(logitScale) || !Double.isFinite(logitBias)) {
            throw new IllegalArgumentException(
                    "logit scale and bias must be finite, got " + logitScale + ", " + logitBias);
        }
    }

    /** The logit {@code exp(logitScale) · cosine + logitBias}. */
    public double logit(double cosine) {
        return Math.exp(logitScale) * cosine + logitBias;
    }

    /** The match probability {@code sigmoid(logit(cosine))}, in [0, 1]. */
    public double probability(double cosine) {
        return 1.0 / (1.0 + Math.exp(-logit(cosine)));
    }
}
