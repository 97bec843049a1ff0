package io.radio4j.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radio4j.benchmarks.loadgen.LoadMode;
import io.radio4j.benchmarks.loadgen.SweepPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceReportTest {

    private static SweepPoint point(int concurrency, double perSecond, long p50Micros, long p99Micros, long errors) {
        return new SweepPoint(
                LoadMode.CONCURRENCY,
                concurrency,
                1000,
                errors,
                perSecond,
                p50Micros,
                p50Micros,
                p99Micros,
                p99Micros,
                p50Micros,
                errors == 0 ? "" : "HTTP 429");
    }

    private static ServiceReport report(double... serviceRates) {
        List<ServiceComparison> rows = new java.util.ArrayList<>();
        for (int i = 0; i < serviceRates.length; i++) {
            int c = 1 << i;
            rows.add(new ServiceComparison(
                    c, point(c, 100, 10_000, 20_000, 0), point(c, serviceRates[i], 12_500, 31_000, i)));
        }
        return new ServiceReport(
                rows, Instant.parse("2026-11-23T10:00:00Z"), "Setup sentence.", Duration.ofSeconds(5), 0.8);
    }

    @Test
    void should_take_the_lowest_ratio_over_all_levels() {
        assertThat(report(95, 81, 90).worstRatio()).isCloseTo(0.81, within(1e-9));
        assertThat(report().worstRatio()).isNaN();
    }

    @Test
    void should_tabulate_each_level_in_milliseconds_with_the_ratio() {
        String md = report(95, 70).markdown();

        assertThat(md).contains("| 1 | 100.0 | 10.00 | 20.00 | 95.0 | 12.50 | 31.00 | 0 | 95% |");
        assertThat(md).contains("| 2 | 100.0 | 10.00 | 20.00 | 70.0 | 12.50 | 31.00 | 1 | 70% |");
        assertThat(md).contains("Lowest ratio in this run: 70%, so the target is **not met** at every level.");
        assertThat(md)
                .contains("Setup sentence.")
                .contains("2026-11-23T10:00:00Z")
                .contains(ServiceReport.REPRODUCE);
    }

    @Test
    void should_say_the_target_is_met_only_when_every_level_meets_it() {
        assertThat(report(95, 80).markdown()).contains("so the target is met at every level.");
    }
}
