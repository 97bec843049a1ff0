package io.radio4j.langchain;

import java.util.List;

/**
 * The outcome of one ingestion call.
 *
 * @param added images embedded and stored (new or changed)
 * @param skipped images whose content hash matched the ledger
 * @param failures images (or folders) that failed, in the order met; copied
 */
public record IngestionReport(int added, int skipped, List<IngestionFailure> failures) {

    /** Copies the failures. */
    public IngestionReport {
        failures = List.copyOf(failures);
    }

    /** Whether nothing failed. */
    public boolean isComplete() {
        return failures.isEmpty();
    }
}
