package io.radio4j.tokenbudget;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy against tokens per image for one task class (for example {@value #GENERAL} or
 * {@value #DENSE_READING}), with the class's minimum tokens per image.
 *
 * <p>Between measured points accuracy is interpolated linearly ({@link #accuracyAt}). Allocation
 * works on the upper concave hull of the points ({@link #hull}); points below it are reported by
 * {@link #dominatedPoints()} because spending tokens to reach them buys less than the hull's chord
 * does, and they are worth re-measuring (they may be noise).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        task-class name, not blank
 * @param points      measured points, at least one, strictly increasing in tokens (copied)
 * @param floorTokens fewest tokens an image of this class may get; raised to the first measured
 *                    point if below it; at most the last measured point
 * @param assumed     true when the curve is an assumption rather than a measurement
 * @param note        where the numbers come from (free text, may be empty)
 */
public record TaskClassCurve(String name, List<AccuracyPoint> points, int floorTokens, boolean assumed, String note) {

    /** The general VQA class: the model card's 11-benchmark average. */
    public static final String GENERAL = "general";
    /** The dense-reading class (DocVQA, InfoVQA, OCRBench-like content). */
    public static final String DENSE_READING = "dense-reading";
    /** Fewest RADIO1D tokens per image. */
    public static final int MIN_TOKENS = 1;
    /** Most RADIO1D tokens per image (a 512² input gives 256). */
    public static final int MAX_TOKENS = 256;

    /**
     * @throws ProfileException if the name is blank, there are no points, tokens are not strictly
     *                          increasing, or the floor lies above the last point
     */
    public TaskClassCurve {
        if (name == null || name.isBlank()) {
            throw new ProfileException("task class name must not be blank");
        }
        if (points == null || points.isEmpty()) {
            throw new ProfileException("task class '" + name + "' has no accuracy points");
        }
        points = List.copyOf(points);
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).tokens() <= points.get(i - 1).tokens()) {
                throw new ProfileException("task class '" + name + "': tokens must be strictly increasing, got k="
                        + points.get(i - 1).tokens() + " then k="
                        + points.get(i).tokens());
            }
        }
        int first = points.getFirst().tokens();
        int last = points.getLast().tokens();
        if (floorTokens > last) {
            throw new ProfileException("task class '" + name + "': floor " + floorTokens
                    + " lies above the last measured point k=" + last);
        }
        floorTokens = Math.max(floorTokens, first);
        note = note == null ? "" : note;
    }

    /** A measured curve with no floor beyond its first point. */
    public static TaskClassCurve of(String name, List<AccuracyPoint> points) {
        return new TaskClassCurve(name, points, MIN_TOKENS, false, "");
    }

    /** This curve with another floor. */
    public TaskClassCurve withFloor(int tokens) {
        return new TaskClassCurve(name, points, tokens, assumed, note);
    }

    /** Most tokens per image this curve covers (its last measured point). */
    public int maxTokens() {
        return points.getLast().tokens();
    }

    /**
     * Accuracy at {@code tokens} by linear interpolation between measured points; clamped to the
     * first and last point outside them.
     */
    public double accuracyAt(double tokens) {
        return interpolate(points, tokens);
    }

    /** Accuracy on the upper concave hull at {@code tokens} (at least {@link #accuracyAt}). */
    public double hullAccuracyAt(double tokens) {
        return interpolate(hull(), tokens);
    }

    /**
     * The upper concave hull of the points: the first and last point and every point not on or
     * below a chord between two others. Slopes between consecutive hull points strictly decrease.
     */
    public List<AccuracyPoint> hull() {
        // Andrew's monotone chain, upper half only; points are already sorted by tokens.
        List<AccuracyPoint> hull = new ArrayList<>();
        for (AccuracyPoint p : points) {
            while (hull.size() >= 2 && !strictlyAbove(hull.get(hull.size() - 2), hull.getLast(), p)) {
                hull.removeLast();
            }
            hull.add(p);
        }
        return List.copyOf(hull);
    }

    /** Measured points that lie on or below the hull's chords, in token order. */
    public List<AccuracyPoint> dominatedPoints() {
        List<AccuracyPoint> hull = hull();
        return points.stream().filter(p -> !hull.contains(p)).toList();
    }

    /** True when every measured point lies on the upper hull (the curve is already concave). */
    public boolean isConcave() {
        return dominatedPoints().isEmpty();
    }

    /** True when {@code b} lies strictly above the chord from {@code a} to {@code c}. */
    private static boolean strictlyAbove(AccuracyPoint a, AccuracyPoint b, AccuracyPoint c) {
        double cross = (b.tokens() - a.tokens()) * (c.accuracy() - a.accuracy())
                - (b.accuracy() - a.accuracy()) * (c.tokens() - a.tokens());
        return cross < 0;
    }

    private static double interpolate(List<AccuracyPoint> pts, double tokens) {
        if (tokens <= pts.getFirst().tokens()) {
            return pts.getFirst().accuracy();
        }
        for (int i = 1; i < pts.size(); i++) {
            AccuracyPoint hi = pts.get(i);
            if (tokens <= hi.tokens()) {
                AccuracyPoint lo = pts.get(i - 1);
                double t = (tokens - lo.tokens()) / (double) (hi.tokens() - lo.tokens());
                return lo.accuracy() + t * (hi.accuracy() - lo.accuracy());
            }
        }
        return pts.getLast().accuracy();
    }
}
