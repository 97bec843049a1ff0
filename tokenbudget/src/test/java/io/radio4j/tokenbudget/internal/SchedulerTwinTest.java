package io.radio4j.tokenbudget.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulerTwinTest {

    private static final long MS = 1_000_000;

    @Test
    void should_predict_an_idle_request_finishes_after_its_own_service() {
        SchedulerTwin twin = new SchedulerTwin(8192, 100);
        SchedulerTwin.Forecast f = twin.forecaster(0).forecast(4000, 300);
        assertThat(f.completionNanos()).isEqualTo(300 * MS);
        assertThat(f.firstStepNanos()).isZero();
        assertThat(f.freeTokens()).isEqualTo(8192 - 4000);
    }

    @Test
    void should_queue_behind_admitted_requests_and_share_steps() {
        SchedulerTwin twin = new SchedulerTwin(1000, 100);
        twin.add(1, 1500, 150, 0); // steps: [0,100) 1000 tokens, then 500 tokens
        SchedulerTwin.Forecaster f = twin.forecaster(10 * MS);
        assertThat(f.openFill()).isEqualTo(500);
        // 500 of ours join the second step with the first request's last 500: it ends at 100 + 50 + 50.
        SchedulerTwin.Forecast fc = f.forecast(500, 50);
        assertThat(fc.completionNanos()).isEqualTo(200 * MS);
        assertThat(fc.freeTokens()).isZero();
        assertThat(twin.idleAtNanos(10 * MS)).isEqualTo(150 * MS);
    }

    @Test
    void should_drain_with_time_and_follow_observed_shifts() {
        SchedulerTwin twin = new SchedulerTwin(1000, 100);
        twin.add(1, 800, 80, 0);
        assertThat(twin.idleAtNanos(0)).isEqualTo(80 * MS);
        twin.shift(20 * MS);
        assertThat(twin.idleAtNanos(0)).isEqualTo(100 * MS);
        twin.advance(101 * MS);
        assertThat(twin.queued()).isZero();
        assertThat(twin.idleAtNanos(200 * MS)).isEqualTo(200 * MS);
    }

    @Test
    void should_report_full_at_its_bound() {
        SchedulerTwin twin = new SchedulerTwin(1000, 2);
        twin.add(1, 5000, 500, 0);
        twin.add(2, 5000, 500, 0);
        assertThat(twin.isFull()).isTrue();
    }
}
