package io.radio4j.service.index.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where one file of an indexing job is. */
public enum ItemState {
    /** Received, waiting for its turn. */
    @JsonProperty("queued")
    QUEUED,
    /** Being decoded, embedded and stored. */
    @JsonProperty("embedding")
    EMBEDDING,
    /** In the index: findable, servable, deletable. */
    @JsonProperty("indexed")
    INDEXED,
    /** Not indexed; the item says why. */
    @JsonProperty("failed")
    FAILED;

    /** Whether the item will not change any more. */
    public boolean isFinal() {
        return this == INDEXED || this == FAILED;
    }
}
