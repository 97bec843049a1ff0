package io.radio4j.benchmarks.suite;

import java.util.Objects;

/**
 * Refreshes a table another benchmark prints inside that benchmark's own README section, without
 * rewriting the section's prose: the table lives in a generated block
 * ({@code <!-- generated: NAME -->}) that is replaced in place. An empty section gets a default
 * body (heading, machine, command, block); a section with prose but no block is left alone, because
 * its owner chose how to show their numbers.
 *
 * @param section the owner's section name
 * @param block the generated block's name
 * @param heading heading of the default body
 * @param command the command that prints the table
 * @param machine where it ran
 * @param date when
 * @param settings how it ran, appended to the "Measured" line (empty for none)
 */
public record TeammateTable(
        String section,
        String block,
        String heading,
        String command,
        MachineInfo machine,
        String date,
        String settings) {

    /** A table without extra settings. */
    public TeammateTable(
            String section, String block, String heading, String command, MachineInfo machine, String date) {
        this(section, block, heading, command, machine, date, "");
    }

    /** Checks every field is present. */
    public TeammateTable {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(settings, "settings");
    }

    /** Whether {@link #refresh} will change the section: it is empty or has the block. */
    public boolean canRefresh(String readme) {
        return ReadmeSections.hasGenerated(readme, block) || sectionBody(readme).isBlank();
    }

    /** The README with the table refreshed, or unchanged when the section has prose but no block. */
    public String refresh(String readme, String table) {
        String stamped = "Measured " + date + " on " + machine.markdown() + (settings.isEmpty() ? "" : "; " + settings)
                + ".\n\n" + table.strip() + "\n";
        if (ReadmeSections.hasGenerated(readme, block)) {
            return ReadmeSections.replaceGenerated(readme, block, stamped, null);
        }
        if (!sectionBody(readme).isBlank()) {
            return readme;
        }
        String body =
                heading + "\n\nCommand (run by `" + SuiteReport.SUITE_COMMAND + "`):\n\n```\n" + command + "\n```\n\n"
                        + "<!-- generated: " + block + " -->\n" + stamped + "<!-- end generated: " + block + " -->\n";
        return ReadmeSections.replaceSection(readme, section, body);
    }

    private String sectionBody(String readme) {
        String start = "<!-- section: " + section + " -->";
        int from = readme.indexOf(start);
        int to = readme.indexOf("<!-- end: " + section + " -->");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("README has no '" + start + "' section");
        }
        return readme.substring(from + start.length(), to);
    }
}
