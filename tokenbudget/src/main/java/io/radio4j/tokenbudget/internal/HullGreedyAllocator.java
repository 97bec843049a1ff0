package io.radio4j.tokenbudget.internal;

import io.radio4j.tokenbudget.AccuracyPoint;
import io.radio4j.tokenbudget.TaskClassCurve;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy marginal utility on the upper concave hulls: every image starts at its class floor, then
 * hull segments are bought in order of accuracy gained per token until the budget is spent.
 *
 * <p>On concave piecewise-linear curves with integer breakpoints this is exactly optimal for any
 * integer budget (a separable concave resource-allocation problem: unit-by-unit greedy is optimal,
 * and buying whole segments is unit greedy with ties grouped). Images of one class share their
 * segments, so a decision costs O(classes × points + images), not a sort over every image.
 *
 * <p>Immutable and thread-safe.
 */
public final class HullGreedyAllocator implements TokenAllocator {

    private record Segment(int classIndex, int fromTokens, int toTokens, double slope) {}

    private final int[] floors;
    private final Segment[] segmentsBySlope;

    public HullGreedyAllocator(List<TaskClassCurve> curves) {
        floors = new int[curves.size()];
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < curves.size(); c++) {
            TaskClassCurve curve = curves.get(c);
            int floor = curve.floorTokens();
            floors[c] = floor;
            int from = floor;
            double fromAcc = curve.hullAccuracyAt(floor);
            for (AccuracyPoint p : curve.hull()) {
                if (p.tokens() <= from) {
                    continue;
                }
                double slope = (p.accuracy() - fromAcc) / (p.tokens() - from);
                if (slope <= 0) {
                    break; // past the curve's peak more tokens buy nothing
                }
                segments.add(new Segment(c, from, p.tokens(), slope));
                from = p.tokens();
                fromAcc = p.accuracy();
            }
        }
        // Within a class slopes strictly decrease along the hull, so this order buys each class's
        // segments in sequence; ties between classes go to the lower class index, deterministically.
        segments.sort(Comparator.comparingDouble((Segment s) -> -s.slope())
                .thenComparingInt(Segment::classIndex)
                .thenComparingInt(Segment::fromTokens));
        segmentsBySlope = segments.toArray(Segment[]::new);
    }

    @Override
    public int floorSum(int[] classOfImage) {
        int sum = 0;
        for (int c : classOfImage) {
            sum += floors[c];
        }
        return sum;
    }

    @Override
    public int[] allocate(int[] classOfImage, int budget) {
        int[] count = new int[floors.length];
        for (int c : classOfImage) {
            count[c]++;
        }
        int[] classTokens = floors.clone();
        long remaining = (long) budget - floorSum(classOfImage);
        int partialClass = -1;
        int partialPer = 0;
        int partialExtra = 0;
        for (Segment s : segmentsBySlope) {
            if (remaining <= 0) {
                break;
            }
            int m = count[s.classIndex()];
            if (m == 0) {
                continue;
            }
            long need = (long) (s.toTokens() - s.fromTokens()) * m;
            if (need <= remaining) {
                classTokens[s.classIndex()] = s.toTokens();
                remaining -= need;
            } else {
                // Equal slopes: any split of the rest among this class's images is worth the same;
                // spread it evenly so images of one class differ by at most one token.
                partialClass = s.classIndex();
                partialPer = (int) (remaining / m);
                partialExtra = (int) (remaining % m);
                remaining = 0;
            }
        }
        int[] out = new int[classOfImage.length];
        int seen = 0;
        for (int i = 0; i < classOfImage.length; i++) {
            int c = classOfImage[i];
            out[i] = classTokens[c];
            if (c == partialClass) {
                out[i] += partialPer + (seen++ < partialExtra ? 1 : 0);
            }
        }
        return out;
    }
}
