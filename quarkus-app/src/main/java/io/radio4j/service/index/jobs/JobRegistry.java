package io.radio4j.service.index.jobs;

import io.radio4j.service.ApiProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs the service holds, bounded: at most {@code maxJobs}, a finished job forgotten
 * {@code retention} after it finished, or earlier (oldest first) to make room. Expired jobs are
 * dropped whenever the registry is used, so no timer runs. Thread-safe.
 */
final class JobRegistry {

    private final int maxJobs;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, IndexJob> jobs = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException if {@code maxJobs < 1} or the retention is negative
     */
    JobRegistry(int maxJobs, Duration retention, Clock clock) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("radio4j.index.jobs.max-jobs must be >= 1, got " + maxJobs);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("radio4j.index.jobs.retention must not be negative, got " + retention);
        }
        this.maxJobs = maxJobs;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Holds a new job.
     *
     * @throws ApiProblemException 429 when {@code maxJobs} unfinished jobs are held
     */
    synchronized void add(IndexJob job) {
        expire();
        if (jobs.size() >= maxJobs) {
            Optional<IndexJob> oldest =
                    jobs.values().stream().filter(IndexJob::isDone).min(Comparator.comparing(IndexJob::finishedAt));
            if (oldest.isEmpty()) {
                throw new ApiProblemException(
                        429,
                        "Too many indexing jobs",
                        maxJobs
                                + " indexing jobs are already waiting or running (radio4j.index.jobs.max-jobs); retry when one is done");
            }
            jobs.remove(oldest.get().id());
        }
        jobs.put(job.id(), job);
    }

    /** The job with this id, unless it is unknown or forgotten. */
    synchronized Optional<IndexJob> find(String id) {
        expire();
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized int size() {
        expire();
        return jobs.size();
    }

    private void expire() {
        Instant now = clock.instant();
        jobs.values().removeIf(j -> {
            Instant finished = j.finishedAt();
            return finished != null && !finished.plus(retention).isAfter(now);
        });
    }
}
