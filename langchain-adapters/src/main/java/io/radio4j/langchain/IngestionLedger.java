package io.radio4j.langchain;

import io.radio4j.langchain.internal.FileLedger;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link ImageIngestor} has already stored, by reference: the content hash and the embedding
 * id. A file whose hash is unchanged is skipped; a changed one replaces its old embedding.
 *
 * <p>{@link #inMemory()} lasts as long as the ingestor; {@link #file(Path)} survives restarts on
 * one machine. For several machines, implement this interface over shared storage (a table next to
 * the embedding store). Implementations must be thread-safe.
 */
public interface IngestionLedger {

    /**
     * @param contentHash lower-case hex SHA-256 of the encoded bytes
     * @param embeddingId the id the embedding was stored under
     */
    record Entry(String contentHash, String embeddingId) {
        /** @throws NullPointerException if a field is null */
        public Entry {
            Objects.requireNonNull(contentHash, "contentHash");
            Objects.requireNonNull(embeddingId, "embeddingId");
        }
    }

    /** The entry recorded for a reference, if any. */
    Optional<Entry> get(String reference);

    /** Records (or replaces) the entry of a reference once its embedding is stored. */
    void put(String reference, Entry entry);

    /**
     * A ledger kept in a text file (created on the first {@code put}), for one process at a time.
     *
     * @throws java.io.UncheckedIOException if the file exists but cannot be read
     */
    static IngestionLedger file(Path file) {
        return new FileLedger(file);
    }

    /** A thread-safe ledger held in memory. */
    static IngestionLedger inMemory() {
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        return new IngestionLedger() {
            @Override
            public Optional<Entry> get(String reference) {
                return Optional.ofNullable(entries.get(reference));
            }

            @Override
            public void put(String reference, Entry entry) {
                entries.put(Objects.requireNonNull(reference, "reference"), Objects.requireNonNull(entry, "entry"));
            }
        };
    }
}
