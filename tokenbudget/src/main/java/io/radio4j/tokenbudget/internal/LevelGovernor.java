package io.radio4j.tokenbudget.internal;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The controller's slow loop: which rung of a ladder of tokens-per-image levels requests may use.
 *
 * <p>Asymmetric on purpose, like AIMD: it steps down quickly (after {@code downDwellNanos}, up to
 * {@code maxDownSteps} rungs at once) when the predicted TTFT quantile at the current level exceeds
 * the target, and up slowly (one rung, after {@code upDwellNanos} at the current level) only when the
 * next rung is predicted to meet the target with a margin. The margin is the hysteresis band that
 * keeps a steady load from flipping between two rungs. Not thread-safe: the controller guards it.
 */
public final class LevelGovernor {

    private final int[] ladder;
    private final long upDwellNanos;
    private final long downDwellNanos;
    private final int maxDownSteps;
    private final double upMargin;
    private int index;
    private long lastChangeNanos;
    private long changes;

    public LevelGovernor(List<Integer> ladder, long upDwellNanos, long downDwellNanos, int maxDownSteps,
                         double upMargin, long startNanos) {
        this.ladder = ladder.stream().mapToInt(Integer::intValue).toArray();
        this.upDwellNanos = upDwellNanos;
        this.downDwellNanos = downDwellNanos;
        this.maxDownSteps = maxDownSteps;
        this.upMargin = upMargin;
        this.index = this.ladder.length - 1;
        this.lastChangeNanos = startNanos;
    }

    public int level() {
        return ladder[index];
    }

    public long changes() {
        return changes;
    }

    /**
     * Moves at most one notch given the predicted TTFT quantile per level.
     *
     * @param predictedMs predicted TTFT quantile (ms) if every request used the given tokens per image
     * @return true if the level changed
     */
    public boolean update(long nowNanos, double targetMs, IntToDoubleFunction predictedMs) {
        long dwell = nowNanos - lastChangeNanos;
        if (predictedMs.applyAsDouble(ladder[index]) > targetMs) {
            if (index == 0 || dwell < downDwellNanos) {
                return false;
            }
            int to = index - 1;
            while (to > 0 && index - to < maxDownSteps && predictedMs.applyAsDouble(ladder[to]) > targetMs) {
                to--;
            }
            return moveTo(to, nowNanos);
        }
        if (index + 1 < ladder.length && dwell >= upDwellNanos
                && predictedMs.applyAsDouble(ladder[index + 1]) <= targetMs * (1 - upMargin)) {
            return moveTo(index + 1, nowNanos);
        }
        return false;
    }

    private boolean moveTo(int to, long nowNanos) {
        index = to;
        lastChangeNanos = nowNanos;
        changes++;
        return true;
    }
}
