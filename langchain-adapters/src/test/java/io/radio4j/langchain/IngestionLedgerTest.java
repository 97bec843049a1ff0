package io.radio4j.langchain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionLedgerTest {

    @Test
    void should_survive_a_restart_with_the_last_entry_of_each_reference_winning(@TempDir Path dir) {
        Path file = dir.resolve("state/ledger.tsv");
        IngestionLedger first = IngestionLedger.file(file);
        first.put("/photos/a b\tc.png", new IngestionLedger.Entry("h1", "id-a"));
        first.put("s3://bucket/x.png", new IngestionLedger.Entry("h2", "id-x"));
        first.put("/photos/a b\tc.png", new IngestionLedger.Entry("h3", "id-a"));

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(reopened.get("/photos/a b\tc.png")).contains(new IngestionLedger.Entry("h3", "id-a"));
        assertThat(reopened.get("s3://bucket/x.png")).contains(new IngestionLedger.Entry("h2", "id-x"));
        assertThat(reopened.get("/photos/other.png")).isEmpty();
    }

    @Test
    void should_skip_a_line_cut_short_by_a_crash(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.tsv");
        IngestionLedger.file(file).put("/a.png", new IngestionLedger.Entry("h1", "id-a"));
        Files.writeString(file, "h2\tid-b", java.nio.file.StandardOpenOption.APPEND);

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(reopened.get("/a.png")).isPresent();
        reopened.put("/c.png", new IngestionLedger.Entry("h3", "id-c"));
        assertThat(IngestionLedger.file(file).get("/c.png")).isPresent();
    }

    @Test
    void should_compact_superseded_lines_when_opened(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ledger.tsv");
        IngestionLedger ledger = IngestionLedger.file(file);
        for (int i = 0; i < 50; i++) {
            ledger.put("/same.png", new IngestionLedger.Entry("h" + i, "id"));
        }
        assertThat(Files.readAllLines(file)).hasSize(50);

        IngestionLedger reopened = IngestionLedger.file(file);
        assertThat(Files.readAllLines(file)).hasSize(1);
        assertThat(reopened.get("/same.png")).contains(new IngestionLedger.Entry("h49", "id"));
    }
}
