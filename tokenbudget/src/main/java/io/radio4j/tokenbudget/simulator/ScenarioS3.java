package io.radio4j.tokenbudget.simulator;

import io.radio4j.tokenbudget.AccuracyPoint;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import io.radio4j.tokenbudget.internal.HullGreedyAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * S3: requests of 1, 4, 8 and 32 mixed images (documents, charts, photos) at equal total tokens,
 * split four ways: uniformly, by a class-aware rule, by marginal utility on the hull curves (the
 * controller's allocator), and by the per-item oracle.
 *
 * <p>Each image gets a hidden threshold k*: it is answered correctly iff it receives at least k*
 * tokens (nested tokens, as in the M3 oracle analysis). k* is drawn so that P(k* ≤ k) equals its
 * class curve at k, so an allocator that only knows the classes sees exactly the class curves in
 * expectation, while the oracle knows every k*. Documents use the dense-reading curve, photos the
 * general curve, charts an assumed curve halfway between.
 */
public final class ScenarioS3 {

    /** Image kinds and the classes whose curves they follow. */
    public static final String DOCUMENT = "document";
    public static final String CHART = "chart";
    public static final String PHOTO = "photo";
    private static final String[] KINDS = {DOCUMENT, CHART, PHOTO};

    /** Allocator names, in table order. */
    public static final List<String> ALLOCATORS = List.of("uniform", "class-aware", "marginal-utility", "oracle");

    public record Config(int[] imagesPerRequest, int[] tokensPerImage, int requests, long seed) {
        public static Config standard() {
            return new Config(new int[] {1, 4, 8, 32}, new int[] {8, 16, 32, 64, 128}, 4000, 20260703L);
        }
    }

    /**
     * One cell: at {@code images} per request and {@code tokensPerImage} on average, how an allocator did.
     *
     * @param accuracy         share of images answered correctly, percent
     * @param documentAccuracy the same over documents only
     * @param gapClosed        (this − uniform) / (oracle − uniform); NaN when the oracle is no better
     */
    public record Row(int images, int tokensPerImage, String allocator, double accuracy, double documentAccuracy,
                      double gapClosed) {}

    private ScenarioS3() {}

    /** The three curves: documents = dense-reading, photos = general, charts = their mean (an assumption). */
    public static List<TaskClassCurve> curves(CalibrationProfile profile) {
        TaskClassCurve dense = profile.curve(TaskClassCurve.DENSE_READING);
        TaskClassCurve general = profile.curve(TaskClassCurve.GENERAL);
        List<AccuracyPoint> chart = new ArrayList<>();
        for (AccuracyPoint p : general.points()) {
            chart.add(new AccuracyPoint(p.tokens(), (p.accuracy() + dense.accuracyAt(p.tokens())) / 2));
        }
        // Floors of 1 everywhere: S3 compares splits at equal tokens, so no class may claim a minimum.
        return List.of(
                new TaskClassCurve(DOCUMENT, dense.points(), 1, dense.assumed(), dense.note()),
                new TaskClassCurve(CHART, chart, 1, true, "assumed: mean of the general and dense-reading curves"),
                new TaskClassCurve(PHOTO, general.points(), 1, general.assumed(), general.note()));
    }

    public static List<Row> run(CalibrationProfile profile, Config c) {
        List<TaskClassCurve> curves = curves(profile);
        HullGreedyAllocator greedy = new HullGreedyAllocator(curves);
        double[] weights = {2, 1.5, 1};
        List<Row> rows = new ArrayList<>();
        for (int images : c.imagesPerRequest()) {
            for (int perImage : c.tokensPerImage()) {
                SplittableRandom random = new SplittableRandom(c.seed() + 1000L * images + perImage);
                long[] correct = new long[4];
                long[] docCorrect = new long[4];
                long docs = 0;
                for (int r = 0; r < c.requests(); r++) {
                    int[] cls = new int[images];
                    int[] threshold = new int[images];
                    for (int i = 0; i < images; i++) {
                        cls[i] = random.nextInt(KINDS.length);
                        threshold[i] = threshold(curves.get(cls[i]), random.nextDouble() * 100);
                        if (cls[i] == 0) {
                            docs++;
                        }
                    }
                    int budget = images * perImage;
                    int[][] allocations = {
                            uniform(images, budget),
                            classAware(cls, weights, budget),
                            greedy.allocate(cls, budget),
                            oracle(threshold, budget)};
                    for (int a = 0; a < allocations.length; a++) {
                        for (int i = 0; i < images; i++) {
                            if (allocations[a][i] >= threshold[i]) {
                                correct[a]++;
                                if (cls[i] == 0) {
                                    docCorrect[a]++;
                                }
                            }
                        }
                    }
                }
                double total = (double) images * c.requests();
                double uniform = 100 * correct[0] / total;
                double oracle = 100 * correct[3] / total;
                for (int a = 0; a < 4; a++) {
                    double acc = 100 * correct[a] / total;
                    double gap = oracle - uniform > 1e-9 ? (acc - uniform) / (oracle - uniform) : Double.NaN;
                    rows.add(new Row(images, perImage, ALLOCATORS.get(a), acc,
                            docs == 0 ? Double.NaN : 100.0 * docCorrect[a] / docs, gap));
                }
            }
        }
        return rows;
    }

    /** Smallest k in 1..256 whose accuracy reaches {@code u}; 257 (never) if none does. */
    static int threshold(TaskClassCurve curve, double u) {
        if (curve.accuracyAt(TaskClassCurve.MAX_TOKENS) < u) {
            return TaskClassCurve.MAX_TOKENS + 1;
        }
        int lo = 1;
        int hi = TaskClassCurve.MAX_TOKENS;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (curve.accuracyAt(mid) >= u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static int[] uniform(int images, int budget) {
        int[] k = new int[images];
        for (int i = 0; i < images; i++) {
            k[i] = Math.min(TaskClassCurve.MAX_TOKENS, budget / images + (i < budget % images ? 1 : 0));
        }
        return k;
    }

    /** Tokens in proportion to a fixed weight per class, capped at 256, the rest passed on. */
    static int[] classAware(int[] cls, double[] weights, int budget) {
        int n = cls.length;
        int[] k = new int[n];
        boolean[] capped = new boolean[n];
        int left = budget;
        for (int round = 0; round < n && left > 0; round++) {
            double w = 0;
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    w += weights[cls[i]];
                }
            }
            if (w == 0) {
                break;
            }
            int spent = 0;
            boolean newlyCapped = false;
            for (int i = 0; i < n; i++) {
                if (capped[i]) {
                    continue;
                }
                int add = (int) Math.floor(left * weights[cls[i]] / w);
                int give = Math.min(add, TaskClassCurve.MAX_TOKENS - k[i]);
                k[i] += give;
                spent += give;
                if (k[i] == TaskClassCurve.MAX_TOKENS) {
                    capped[i] = true;
                    newlyCapped = true;
                }
            }
            left -= spent;
            if (!newlyCapped) {
                break;
            }
        }
        for (int i = 0; i < n && left > 0; i++) {
            if (k[i] < TaskClassCurve.MAX_TOKENS) {
                k[i]++;
                left--;
            }
        }
        for (int i = 0; i < n; i++) {
            k[i] = Math.max(1, k[i]);
        }
        return k;
    }

    /**
     * The per-item oracle: every image keeps one token; then images are given exactly their
     * threshold, cheapest first, while the budget lasts (optimal for unit rewards).
     */
    static int[] oracle(int[] threshold, int budget) {
        int n = threshold.length;
        int[] k = new int[n];
        java.util.Arrays.fill(k, 1);
        int left = budget - n;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> threshold[i]));
        for (int i : order) {
            int need = threshold[i] - 1;
            if (threshold[i] > TaskClassCurve.MAX_TOKENS) {
                break;
            }
            if (need <= left) {
                k[i] = threshold[i];
                left -= need;
            }
        }
        return k;
    }
}
