package io.radio4j.service.index.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an indexing job is. */
public enum JobState {
    /** Accepted, waiting for a worker. */
    @JsonProperty("queued")
    QUEUED,
    /** A worker is indexing its items. */
    @JsonProperty("running")
    RUNNING,
    /** Every item is indexed or failed (or the job as a whole failed); the job changes no more. */
    @JsonProperty("done")
    DONE
}
