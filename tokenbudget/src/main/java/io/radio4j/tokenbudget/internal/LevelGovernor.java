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

    /** Share of the miss budget above the lowest level's own misses an infeasible target may add. */
    static final double INFEASIBLE_SLACK = 0.2;

    /**
     * Moves at most one notch, with limits derived from a miss budget.
     *
     * <p>The quantile allows a miss share of {@code budget} (1 − q). When even the lowest level
     * misses more (an infeasible target), that level's share plus {@value #INFEASIBLE_SLACK} of the
     * budget is the limit instead, so an infeasible target does not pin k at the floor for no gain.
     * When the lowest level is saturated (misses everything), shedding carries the load and the
     * lowest level sheds least, so the governor heads there. The hysteresis band is a share of the
     * room above the lowest level's misses, so stepping up stays possible however high those are.
     *
     * @param budget     allowed miss share, 1 − q
     * @param hysteresis share of the room the next rung up must leave unused, in [0, 1)
     */
    public boolean updateWithinBudget(long nowNanos, IntToDoubleFunction missShare, double budget, double hysteresis) {
        double baseline = missShare.applyAsDouble(lowest());
        double downLimit = baseline >= 1 ? 0 : Math.max(budget, baseline + INFEASIBLE_SLACK * budget);
        double upLimit = baseline + (downLimit - baseline) * (1 - hysteresis);
        return update(nowNanos, missShare, downLimit, upLimit);
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
