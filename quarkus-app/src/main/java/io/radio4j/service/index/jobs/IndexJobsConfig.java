package io.radio4j.service.index.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Bounds of the indexing jobs ({@code /v1/index/jobs}), under {@code radio4j.index.jobs}. Every key
 * is optional; the defaults are in the annotations.
 */
@ConfigMapping(prefix = "radio4j.index.jobs")
public interface IndexJobsConfig {

    /**
     * Jobs held at once, waiting, running or finished (default 16). When full, the oldest finished
     * job is forgotten early; when every held job is unfinished, a new one is refused with 429.
     */
    @WithDefault("16")
    int maxJobs();

    /** Files in one job (default 256); more answer 413. */
    @WithDefault("256")
    int maxItemsPerJob();

    /**
     * Encoded bytes of uploads held by all jobs until they are indexed (default 256 MiB); a job that
     * would go over is refused with 429. Each item's bytes are dropped once it is indexed or failed.
     */
    @WithDefault("268435456")
    long maxPendingBytes();

    /** How long a finished job stays readable (default 10 minutes); then it is forgotten (404). */
    @WithDefault("10m")
    Duration retention();

    /** Jobs run at the same time (default 1); each runs its items one after another. */
    @WithDefault("1")
    int workers();
}
