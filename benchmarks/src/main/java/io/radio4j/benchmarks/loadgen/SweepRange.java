package io.radio4j.benchmarks.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * A perf_analyzer-style range {@code START[:END[:STEP]]} expanded into sweep levels, bounded in count.
 *
 * @param start first level
 * @param end last level (inclusive)
 * @param step increment
 */
public record SweepRange(double start, double end, double step) {

    /** Most levels one range may expand to. */
    public static final int MAX_LEVELS = 256;

    /** @throws IllegalArgumentException if start is not positive, end below start, or step not positive */
    public SweepRange {
        if (!(start > 0) || !(end >= start) || !(step > 0) || Double.isInfinite(end)) {
            throw new IllegalArgumentException(
                    "a range needs 0 < start <= end and step > 0, got " + start + ":" + end + ":" + step);
        }
        if ((end - start) / step + 1 > MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "range " + start + ":" + end + ":" + step + " has more than " + MAX_LEVELS + " levels");
        }
    }

    /**
     * Parses {@code START[:END[:STEP]]} (END defaults to START, STEP to 1).
     *
     * @throws IllegalArgumentException naming the text if it is not such a range
     */
    public static SweepRange parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("expected START[:END[:STEP]], got '" + text + "'");
        }
        try {
            double start = Double.parseDouble(parts[0]);
            double end = parts.length > 1 ? Double.parseDouble(parts[1]) : start;
            double step = parts.length > 2 ? Double.parseDouble(parts[2]) : 1;
            return new SweepRange(start, end, step);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected START[:END[:STEP]] of numbers, got '" + text + "'", e);
        }
    }

    /** The levels start, start + step, ... up to end. */
    public List<Double> levels() {
        List<Double> levels = new ArrayList<>();
        for (int i = 0; start + i * step <= end + 1e-9; i++) {
            levels.add(start + i * step);
        }
        return levels;
    }
}
