package io.radio4j.tokenbudget.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radio4j.tokenbudget.AccuracyPoint;
import io.radio4j.tokenbudget.CalibrationProfile;
import io.radio4j.tokenbudget.TaskClassCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    /** A random curve over k in 1..maxK, concave or not, floors between 1 and 4. */
    private static TaskClassCurve randomCurve(Random random, String name, int maxK) {
        List<AccuracyPoint> pts = new ArrayList<>();
        int k = 1;
        double acc = random.nextDouble() * 30;
        while (k <= maxK) {
            pts.add(new AccuracyPoint(k, Math.min(100, acc)));
            k += 1 + random.nextInt(4);
            acc += random.nextDouble() * 20 - 2;
            acc = Math.max(0, acc);
        }
        return new TaskClassCurve(name, pts, Math.min(pts.getLast().tokens(), 1 + random.nextInt(4)), false, "");
    }

    /** Best objective over every vector with k_i in options_i and sum ≤ budget (floors forced when over). */
    private static double bruteForce(
            int[] cls, int budget, List<int[]> options, ToDoubleBiFunction<Integer, Integer> value) {
        return search(cls, 0, budget, options, value);
    }

    private static double search(
            int[] cls, int i, int left, List<int[]> options, ToDoubleBiFunction<Integer, Integer> value) {
        if (i == cls.length) {
            return 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k : options.get(cls[i])) {
            if (k <= left) {
                double rest = search(cls, i + 1, left - k, options, value);
                if (rest > Double.NEGATIVE_INFINITY) {
                    best = Math.max(best, value.applyAsDouble(cls[i], k) + rest);
                }
            }
        }
        return best;
    }

    private static double objective(int[] cls, int[] k, ToDoubleBiFunction<Integer, Integer> value) {
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            sum += value.applyAsDouble(cls[i], k[i]);
        }
        return sum;
    }

    @Test
    void should_match_brute_force_on_the_hull_for_any_integer_allocation() {
        Random random = new Random(11);
        for (int trial = 0; trial < 150; trial++) {
            int maxK = 6 + random.nextInt(10);
            List<TaskClassCurve> curves = List.of(
                    randomCurve(random, "a", maxK), randomCurve(random, "b", maxK), randomCurve(random, "c", maxK));
            HullGreedyAllocator allocator = new HullGreedyAllocator(curves);
            int n = 1 + random.nextInt(3);
            int[] cls = random.ints(n, 0, 3).toArray();
            List<int[]> options = new ArrayList<>();
            for (TaskClassCurve c : curves) {
                options.add(java.util.stream.IntStream.rangeClosed(c.floorTokens(), c.maxTokens())
                        .toArray());
            }
            ToDoubleBiFunction<Integer, Integer> hull = (c, k) -> curves.get(c).hullAccuracyAt(k);
            int floorSum = allocator.floorSum(cls);
            int budget = floorSum + random.nextInt(n * maxK + 2);
            int[] k = allocator.allocate(cls, budget);
            int spent = 0;
            for (int i = 0; i < n; i++) {
                assertThat(k[i])
                        .isBetween(
                                curves.get(cls[i]).floorTokens(),
                                curves.get(cls[i]).maxTokens());
                spent += k[i];
            }
            assertThat(spent).isLessThanOrEqualTo(budget);
            assertThat(objective(cls, k, hull)).isCloseTo(bruteForce(cls, budget, options, hull), within(1e-9));
        }
    }

    @Test
    void should_match_brute_force_on_measured_points_when_curves_are_not_concave() {
        Random random = new Random(12);
        for (int trial = 0; trial < 150; trial++) {
            int maxK = 8 + random.nextInt(16);
            List<TaskClassCurve> curves = List.of(randomCurve(random, "a", maxK), randomCurve(random, "b", maxK));
            MeasuredPointsAllocator allocator = new MeasuredPointsAllocator(curves);
            int n = 1 + random.nextInt(4);
            int[] cls = random.ints(n, 0, 2).toArray();
            List<int[]> options = new ArrayList<>();
            for (TaskClassCurve c : curves) {
                List<Integer> ks = new ArrayList<>(List.of(c.floorTokens()));
                c.points().stream()
                        .map(AccuracyPoint::tokens)
                        .filter(t -> t > c.floorTokens())
                        .forEach(ks::add);
                options.add(ks.stream().mapToInt(Integer::intValue).toArray());
            }
            ToDoubleBiFunction<Integer, Integer> raw = (c, k) -> curves.get(c).accuracyAt(k);
            int budget = allocator.floorSum(cls) + random.nextInt(n * maxK + 2);
            int[] k = allocator.allocate(cls, budget);
            assertThat(java.util.Arrays.stream(k).sum()).isLessThanOrEqualTo(budget);
            for (int i = 0; i < n; i++) {
                int ki = k[i];
                assertThat(options.get(cls[i])).contains(ki);
            }
            assertThat(objective(cls, k, raw)).isCloseTo(bruteForce(cls, budget, options, raw), within(1e-9));
        }
    }

    @Test
    void should_give_every_image_its_floor_even_when_floors_exceed_the_budget() {
        CalibrationProfile p = CalibrationProfile.defaultProfile();
        List<TaskClassCurve> curves = List.of(p.curve(TaskClassCurve.GENERAL), p.curve(TaskClassCurve.DENSE_READING));
        int[] cls = {1, 1, 0};
        assertThat(new HullGreedyAllocator(curves).allocate(cls, 10)).containsExactly(32, 32, 1);
        assertThat(new MeasuredPointsAllocator(curves).allocate(cls, 10)).containsExactly(32, 32, 1);
    }

    @Test
    void should_favour_dense_reading_images_when_tokens_are_scarce() {
        CalibrationProfile p = CalibrationProfile.defaultProfile();
        List<TaskClassCurve> curves = List.of(
                p.curve(TaskClassCurve.GENERAL),
                p.curve(TaskClassCurve.DENSE_READING).withFloor(1));
        int[] cls = {0, 1, 0, 1};
        int[] k = new HullGreedyAllocator(curves).allocate(cls, 4 * 48);
        assertThat(k[1]).isGreaterThan(k[0]);
        assertThat(k[3]).isGreaterThan(k[2]);
        assertThat(k[0] + k[1] + k[2] + k[3]).isEqualTo(4 * 48);
    }

    @Test
    void should_spread_a_partial_segment_evenly_within_a_class() {
        TaskClassCurve linear = TaskClassCurve.of("l", List.of(new AccuracyPoint(1, 0), new AccuracyPoint(101, 100)));
        int[] k = new HullGreedyAllocator(List.of(linear)).allocate(new int[] {0, 0, 0}, 3 + 10);
        assertThat(k).containsExactlyInAnyOrder(4, 4, 5);
    }
}
