package io.radio4j.langchain;

import io.radio4j.langchain.internal.FileLedger;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link ImageIngestor} has already stored, by reference: the content hash, the embedding id
 * and the identity of the model that embedded it. A file is skipped only when both its hash and the
 * model are unchanged; otherwise it is embedded again and replaces its old embedding (so switching
 * models never leaves stale vectors behind as "done").
 *
 * <p>{@link #inMemory()} lasts as long as the ingestor; {@link #file(Path)} survives restarts on
 * one machine, and so must the store it describes: {@link ImageIngestor} refuses a
 * {@linkplain #persistent() persistent} ledger with LangChain4j's {@code InMemoryEmbeddingStore},
 * which would forget the vectors the ledger remembers (every file skipped, every search empty).
 * For several machines, implement this interface over shared storage (a table next to the
 * embedding store). Implementations must be thread-safe.
 */
public interface IngestionLedger {

    /**
     * @param contentHash lower-case hex SHA-256 of the encoded bytes
     * @param embeddingId the id the embedding was stored under
     * @param model the identity of the model that produced the embedding ({@code name/dimension}
     *     by default, see {@link ImageIngestor.Builder#modelIdentity(String)}); empty when unknown
     *     (entries written before it was recorded), which never matches a model
     */
    record Entry(String contentHash, String embeddingId, String model) {
        /** @throws NullPointerException if the hash or id is null */
        public Entry {
            Objects.requireNonNull(contentHash, "contentHash");
            Objects.requireNonNull(embeddingId, "embeddingId");
            model = model == null ? "" : model;
        }

        /** An entry whose model is not known. */
        public Entry(String contentHash, String embeddingId) {
            this(contentHash, embeddingId, "");
        }
    }

    /**
     * Whether this ledger outlives the process (then the store must too). Default {@code false};
     * {@link #file(Path)} is persistent, and so should be any ledger kept in shared storage.
     */
    default boolean persistent() {
        return false;
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
