package io.radio4j.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TeammateTableTest {

    private final TeammateTable table = new TeammateTable(
            "preprocessing",
            "pp-table",
            "## Preprocessing",
            "java Side",
            new MachineInfo("CPU", 2, 0, "JDK", "OS"),
            "today");

    @Test
    void should_fill_an_empty_section_with_a_default_body_and_then_refresh_only_the_block() {
        String readme = "# x\n<!-- section: preprocessing -->\n<!-- end: preprocessing -->\n";

        String first = table.refresh(readme, "| a |\n|---|\n| 1 |\n");
        String edited = first.replace("## Preprocessing", "## Preprocessing, explained by its owner");
        String second = table.refresh(edited, "| a |\n|---|\n| 2 |\n");

        assertThat(first)
                .contains("## Preprocessing", "java Side", "Measured today on CPU, 2 cores; JDK; OS.", "| 1 |");
        assertThat(second).contains("explained by its owner", "| 2 |").doesNotContain("| 1 |");
    }

    @Test
    void should_state_how_the_table_was_measured() {
        String readme =
                "<!-- section: preprocessing -->\nOwner's prose.\n<!-- generated: pp-table -->\nold\n<!-- end generated: pp-table -->\n<!-- end: preprocessing -->\n";
        TeammateTable pinned = new TeammateTable(
                "preprocessing",
                "pp-table",
                "## P",
                "cmd",
                new MachineInfo("CPU", 2, 0, "JDK", "OS"),
                "today",
                "pinned with `taskset -c 1`");

        String text = pinned.refresh(readme, "| b |");

        assertThat(text)
                .contains(
                        "Owner's prose.",
                        "Measured today on CPU, 2 cores; JDK; OS; pinned with `taskset -c 1`.",
                        "| b |")
                .doesNotContain("old");
    }

    @Test
    void should_leave_a_section_with_prose_but_no_block_alone() {
        String readme = "<!-- section: preprocessing -->\nOwner's own table\n<!-- end: preprocessing -->\n";

        assertThat(table.canRefresh(readme)).isFalse();
        assertThat(table.refresh(readme, "| new |")).isEqualTo(readme);
    }
}
