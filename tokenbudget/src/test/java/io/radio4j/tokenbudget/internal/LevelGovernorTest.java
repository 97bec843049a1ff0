package io.radio4j.tokenbudget.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class LevelGovernorTest {

    private static final long S = 1_000_000_000L;
    private static final List<Integer> LADDER = List.of(1, 8, 32, 64, 128, 256);

    private static LevelGovernor governor() {
        return new LevelGovernor(LADDER, 30 * S, 2 * S, 2, 0);
    }

    /** Miss share rising with the level: levels above {@code ok} miss more than 10%. */
    private static IntToDoubleFunction okUpTo(int ok) {
        return level -> level <= ok ? 0.05 : 0.5;
    }

    @Test
    void should_step_down_at_most_max_steps_at_once_and_wait_the_down_dwell() {
        LevelGovernor g = governor();
        assertThat(g.level()).isEqualTo(256);
        assertThat(g.update(1 * S, okUpTo(8), 0.1, 0.07)).isFalse(); // within the down dwell
        assertThat(g.update(3 * S, okUpTo(8), 0.1, 0.07)).isTrue();
        assertThat(g.level()).isEqualTo(64); // two rungs, not straight to 8
        assertThat(g.update(4 * S, okUpTo(8), 0.1, 0.07)).isFalse();
        g.update(6 * S, okUpTo(8), 0.1, 0.07);
        assertThat(g.level()).isEqualTo(8);
        assertThat(g.changes()).isEqualTo(2);
    }

    @Test
    void should_step_up_one_rung_per_up_dwell_only_inside_the_hysteresis_band() {
        LevelGovernor g = governor();
        g.update(3 * S, okUpTo(8), 0.1, 0.07);
        g.update(6 * S, okUpTo(8), 0.1, 0.07);
        assertThat(g.level()).isEqualTo(8);
        // The next rung would miss 8%: allowed to stay there (≤ 10%) but not to climb to (> 7%).
        IntToDoubleFunction borderline = level -> level <= 8 ? 0.02 : level == 32 ? 0.08 : 0.5;
        for (long t = 7; t < 200; t++) {
            g.update(t * S, borderline, 0.1, 0.07);
        }
        assertThat(g.level()).isEqualTo(8);
        // Load gone: one rung per 30 s.
        long changes = g.changes();
        for (long t = 200; t < 260; t++) { // climbs at 200 s and 230 s
            g.update(t * S, level -> 0.0, 0.1, 0.07);
        }
        assertThat(g.level()).isEqualTo(64);
        assertThat(g.changes() - changes).isEqualTo(2);
    }

    @Test
    void should_climb_back_when_even_the_lowest_level_misses_more_than_the_budget() {
        LevelGovernor g = governor();
        for (long t = 3; t < 30; t++) {
            g.updateWithinBudget(t * S, level -> 1.0, 0.1, 0.5); // saturated: down to the floor
        }
        assertThat(g.level()).isEqualTo(1);
        // Infeasible but not saturated: 30% misses at any level, a little more at high levels.
        // The limits become the floor's share + 2 points (stay) and + 1 point (climb).
        IntToDoubleFunction infeasible = level -> 0.30 + level / 10_000.0;
        for (long t = 30; t < 400; t++) {
            g.updateWithinBudget(t * S, infeasible, 0.1, 0.5);
        }
        assertThat(g.level()).isEqualTo(64); // 128 adds 1.27 points: allowed to stay, not to climb to
    }

    @Test
    void should_head_to_the_lowest_level_when_saturated() {
        LevelGovernor g = governor();
        for (long t = 3; t < 30; t++) {
            g.updateWithinBudget(t * S, level -> 1.0, 0.1, 0.5);
        }
        assertThat(g.level()).isEqualTo(1);
    }
}
