package io.radio4j.tokenbudget;

/**
 * One measured point of an accuracy curve: with {@code tokens} RADIO1D tokens per image, the task
 * class scores {@code accuracy} (percent, 0..100).
 *
 * @param tokens   tokens per image, in {@code 1..}{@value TaskClassCurve#MAX_TOKENS}
 * @param accuracy accuracy in percent, finite, in {@code 0..100}
 */
public record AccuracyPoint(int tokens, double accuracy) {

    /** @throws ProfileException if tokens or accuracy is out of range */
    public AccuracyPoint {
        if (tokens < TaskClassCurve.MIN_TOKENS || tokens > TaskClassCurve.MAX_TOKENS) {
            throw new ProfileException("tokens per image must be in 1..256, got " + tokens);
        }
        if (!Double.isFinite(accuracy) || accuracy < 0 || accuracy > 100) {
            throw new ProfileException("accuracy at k=" + tokens + " must be a percentage in 0..100, got " + accuracy);
        }
    }
}
