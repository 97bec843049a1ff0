package io.radio4j.tokenbudget.internal;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The controller's slow loop: which rung of a ladder of tokens-per-image levels requests may use.
 *
 * <p>Each level has a predicted share of requests that will miss the target. The governor keeps the
 * highest level whose miss share stays within a budget. It is asymmetric on purpose, like AIMD: it
 * steps down quickly (after {@code downDwellNanos}, up to {@code maxDownSteps} rungs at once) when
 * the current level exceeds the budget, and up slowly (one rung, after {@code upDwellNanos} at the
 * current level) only when the next rung stays under a stricter budget. The gap between the two
 * budgets is the hysteresis band that keeps a steady load from flipping between two rungs. Not
 * thread-safe: the controller guards it.
 */
public final class LevelGovernor {

    private final int[] ladder;
    private final long upDwellNanos;
    private final long downDwellNanos;
    private final int maxDownSteps;
    private int index;
    private long lastChangeNanos;
    private long changes;

    public LevelGovernor(List<Integer> ladder, long upDwellNanos, long downDwellNanos, int maxDownSteps, long startNanos) {
        this.ladder = ladder.stream().mapToInt(Integer::intValue).toArray();
        this.upDwellNanos = upDwellNanos;
        this.downDwellNanos = downDwellNanos;
        this.maxDownSteps = maxDownSteps;
        this.index = this.ladder.length - 1;
        this.lastChangeNanos = startNanos;
    }

    public int level() {
        return ladder[index];
    }

    public int lowest() {
        return ladder[0];
    }

    public long changes() {
        return changes;
    }

    /**
     * Moves at most one notch.
     *
     * @param missShare predicted share of requests missing the target at a level (tokens per image)
     * @param downLimit the current level must stay at or under this share
     * @param upLimit   the next level up must be at or under this (smaller) share
     * @return true if the level changed
     */
    public boolean update(long nowNanos, IntToDoubleFunction missShare, double downLimit, double upLimit) {
        long dwell = nowNanos - lastChangeNanos;
        if (missShare.applyAsDouble(ladder[index]) > downLimit) {
            if (index == 0 || dwell < downDwellNanos) {
                return false;
            }
            int to = index - 1;
            while (to > 0 && index - to < maxDownSteps && missShare.applyAsDouble(ladder[to]) > downLimit) {
                to--;
            }
            return moveTo(to, nowNanos);
        }
        if (index + 1 < ladder.length && dwell >= upDwellNanos
                && missShare.applyAsDouble(ladder[index + 1]) <= upLimit) {
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
