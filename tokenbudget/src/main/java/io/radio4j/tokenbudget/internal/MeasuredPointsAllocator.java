package io.radio4j.tokenbudget.internal;

import io.radio4j.tokenbudget.AccuracyPoint;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.TokenBudgetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact multiple-choice knapsack by dynamic programming, for when each image may only take a
 * measured token count (its floor or a measured point above it) and the raw curves are not concave,
 * so greedy on marginal utility is no longer optimal.
 *
 * <p>Cost O(images × budget × points) time and O(images × budget) bytes; refused above
 * {@link #MAX_CELLS} table cells. Immutable and thread-safe.
 */
public final class MeasuredPointsAllocator implements TokenAllocator {

    /** Largest images × (budget + 1) table this allocator builds (8 MiB of choices). */
    public static final long MAX_CELLS = 8L << 20;

    private final int[] floors;
    private final int[][] optionTokens;
    private final double[][] optionAccuracy;

    public MeasuredPointsAllocator(List<TaskClassCurve> curves) {
        int n = curves.size();
        floors = new int[n];
        optionTokens = new int[n][];
        optionAccuracy = new double[n][];
        for (int c = 0; c < n; c++) {
            TaskClassCurve curve = curves.get(c);
            floors[c] = curve.floorTokens();
            List<Integer> ks = new ArrayList<>();
            ks.add(curve.floorTokens());
            for (AccuracyPoint p : curve.points()) {
                if (p.tokens() > curve.floorTokens()) {
                    ks.add(p.tokens());
                }
            }
            optionTokens[c] = ks.stream().mapToInt(Integer::intValue).toArray();
            optionAccuracy[c] = ks.stream().mapToDouble(curve::accuracyAt).toArray();
        }
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
        int images = classOfImage.length;
        int floorSum = floorSum(classOfImage);
        if (budget <= floorSum) {
            int[] out = new int[images];
            for (int i = 0; i < images; i++) {
                out[i] = floors[classOfImage[i]];
            }
            return out;
        }
        int maxUseful = 0;
        for (int c : classOfImage) {
            int[] ks = optionTokens[c];
            maxUseful += ks[ks.length - 1];
        }
        int cap = Math.min(budget, maxUseful);
        if ((long) images * (cap + 1) > MAX_CELLS) {
            throw new TokenBudgetException("exact allocation of " + images + " images over " + cap
                    + " tokens exceeds the DP limit of " + MAX_CELLS + " cells; use the hull allocator");
        }
        double[] best = new double[cap + 1];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        best[0] = 0;
        byte[][] choice = new byte[images][cap + 1];
        for (int i = 0; i < images; i++) {
            int[] ks = optionTokens[classOfImage[i]];
            double[] acc = optionAccuracy[classOfImage[i]];
            double[] next = new double[cap + 1];
            java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
            for (int used = 0; used <= cap; used++) {
                if (best[used] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int o = 0; o < ks.length; o++) {
                    int total = used + ks[o];
                    if (total > cap) {
                        break;
                    }
                    double value = best[used] + acc[o];
                    if (value > next[total]) {
                        next[total] = value;
                        choice[i][total] = (byte) o;
                    }
                }
            }
            best = next;
        }
        int end = 0;
        for (int t = 1; t <= cap; t++) {
            // Strictly better only, so ties keep the smaller total.
            if (best[t] > best[end] + 1e-12) {
                end = t;
            }
        }
        int[] out = new int[images];
        for (int i = images - 1; i >= 0; i--) {
            int k = optionTokens[classOfImage[i]][choice[i][end]];
            out[i] = k;
            end -= k;
        }
        return out;
    }
}
