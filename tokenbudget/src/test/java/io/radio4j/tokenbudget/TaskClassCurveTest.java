package io.radio4j.tokenbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskClassCurveTest {

    private static TaskClassCurve curve(double... kAcc) {
        List<AccuracyPoint> pts = new java.util.ArrayList<>();
        for (int i = 0; i < kAcc.length; i += 2) {
            pts.add(new AccuracyPoint((int) kAcc[i], kAcc[i + 1]));
        }
        return TaskClassCurve.of("c", pts);
    }

    @Test
    void should_keep_only_points_strictly_above_chords() {
        // (2,5) lies below the chord (1,4)-(3,8); (4,9) is on the chord (3,8)-(5,10).
        TaskClassCurve c = curve(1, 4, 2, 5, 3, 8, 4, 9, 5, 10);
        assertThat(c.hull()).extracting(AccuracyPoint::tokens).containsExactly(1, 3, 5);
        assertThat(c.dominatedPoints()).extracting(AccuracyPoint::tokens).containsExactly(2, 4);
        assertThat(c.isConcave()).isFalse();
    }

    @Test
    void should_have_strictly_decreasing_slopes_on_the_hull_of_random_curves() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(8);
            double[] kAcc = new double[2 * n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                k += 1 + random.nextInt(30);
                kAcc[2 * i] = k;
                kAcc[2 * i + 1] = random.nextDouble() * 100;
            }
            TaskClassCurve c = curve(kAcc);
            List<AccuracyPoint> h = c.hull();
            assertThat(h.getFirst()).isEqualTo(c.points().getFirst());
            assertThat(h.getLast()).isEqualTo(c.points().getLast());
            for (int i = 2; i < h.size(); i++) {
                double s1 = (h.get(i - 1).accuracy() - h.get(i - 2).accuracy())
                        / (h.get(i - 1).tokens() - h.get(i - 2).tokens());
                double s2 = (h.get(i).accuracy() - h.get(i - 1).accuracy())
                        / (h.get(i).tokens() - h.get(i - 1).tokens());
                assertThat(s2).isLessThan(s1);
            }
            for (AccuracyPoint p : c.points()) {
                assertThat(c.hullAccuracyAt(p.tokens())).isGreaterThanOrEqualTo(p.accuracy() - 1e-9);
            }
        }
    }

    @Test
    void should_interpolate_linearly_and_clamp_outside() {
        TaskClassCurve c = curve(8, 60, 32, 72);
        assertThat(c.accuracyAt(20)).isEqualTo(66.0);
        assertThat(c.accuracyAt(1)).isEqualTo(60.0);
        assertThat(c.accuracyAt(256)).isEqualTo(72.0);
        assertThat(c.floorTokens()).isEqualTo(8);
    }
}
