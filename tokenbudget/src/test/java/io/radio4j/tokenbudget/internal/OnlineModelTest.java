package io.radio4j.tokenbudget.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineModelTest {

    @Test
    void should_learn_a_known_service_scale_from_a_noisy_trace() {
        OnlineServiceModel model = new OnlineServiceModel(0.995, 5, 400);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            double profile = 327 + random.nextDouble() * 126;
            double measured = 1.3 * profile * (1 + 0.05 * (random.nextDouble() * 2 - 1));
            model.update(profile, measured);
        }
        assertThat(model.scale()).isCloseTo(1.3, within(0.01));
        assertThat(model.predict(400)).isCloseTo(520, within(5.0));
    }

    @Test
    void should_follow_a_server_that_gets_faster() {
        OnlineServiceModel model = new OnlineServiceModel(0.99, 5, 400);
        for (int i = 0; i < 500; i++) {
            model.update(400, 600);
        }
        assertThat(model.scale()).isCloseTo(1.5, within(0.01));
        for (int i = 0; i < 1000; i++) {
            model.update(400, 360);
        }
        assertThat(model.scale()).isCloseTo(0.9, within(0.01));
    }

    @Test
    void should_estimate_a_poisson_rate() {
        RateEstimator rate = new RateEstimator(60);
        SplittableRandom random = new SplittableRandom(4);
        double t = 0;
        double sum = 0;
        int samples = 0;
        for (int i = 0; i < 20000; i++) {
            t += -Math.log(1 - random.nextDouble()) / 2.5;
            rate.event((long) (t * 1e9));
            if (i > 1000) {
                sum += rate.rate((long) (t * 1e9));
                samples++;
            }
        }
        assertThat(sum / samples).isCloseTo(2.5, within(0.1));
    }

    @Test
    void should_give_nearest_rank_quantiles_over_the_last_values_only() {
        ResidualWindow w = new ResidualWindow(100);
        for (int i = 1; i <= 300; i++) {
            w.add(i);
        }
        assertThat(w.size()).isEqualTo(100);
        assertThat(w.quantile(0.9)).isEqualTo(290.0);
        assertThat(w.quantile(0.0)).isEqualTo(201.0);
        assertThat(new ResidualWindow(4).quantile(0.5)).isNaN();
    }

    @Test
    void should_predict_more_waiting_at_higher_load_and_none_when_idle() {
        double light = QueueModel.waitExceedsProbability(0.5, 400, 1, 100);
        double heavy = QueueModel.waitExceedsProbability(2.0, 400, 1, 100);
        assertThat(light).isLessThan(heavy);
        assertThat(QueueModel.waitExceedsProbability(3.0, 400, 1, 100)).isEqualTo(1.0);
        assertThat(QueueModel.waitExceedsProbability(0.0, 400, 1, 100)).isZero();
        assertThat(QueueModel.meanWaitMs(1.0, 500)).isCloseTo(250.0, within(1e-9));
    }
}
