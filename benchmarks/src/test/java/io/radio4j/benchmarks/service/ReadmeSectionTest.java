package io.radio4j.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeSectionTest {

    private static final String README = """
            # title

            <!-- section: other -->
            keep me
            <!-- end: other -->

            <!-- section: service -->
            old line 1
            old line 2
            <!-- end: service -->
            tail\r
            """;

    @Test
    void should_replace_only_the_named_section() {
        String updated = ReadmeSection.replace(README, "service", "| new |");

        assertThat(updated).isEqualTo(README.replace("old line 1\nold line 2\n", "| new |\n"));
    }

    @Test
    void should_give_the_same_text_when_written_twice() {
        String once = ReadmeSection.replace(README, "service", "body\n");
        assertThat(ReadmeSection.replace(once, "service", "body\n")).isEqualTo(once);
    }

    @Test
    void should_refuse_missing_repeated_or_reversed_markers() {
        assertThatThrownBy(() -> ReadmeSection.replace(README, "absent", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<!-- section: absent -->");
        String twice = README + "<!-- section: service -->\n<!-- end: service -->\n";
        assertThatThrownBy(() -> ReadmeSection.replace(twice, "service", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        String reversed = "<!-- end: service -->\n<!-- section: service -->\n";
        assertThatThrownBy(() -> ReadmeSection.replace(reversed, "service", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadmeSection.replace(README, "Service -->", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_rewrite_the_file_in_place(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, README);

        ReadmeSection.write(readme, "other", "changed");

        assertThat(Files.readString(readme)).isEqualTo(README.replace("keep me\n", "changed\n"));
    }
}
