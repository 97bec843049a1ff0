package io.radio4j.service.index.jobs;

/**
 * Receives the changes of one indexing job, in order, on the thread that makes them. A listener
 * that throws is dropped. Implementations must not block: they run while the job is locked.
 */
public interface JobListener {

    /**
     * The files of a job started without them (a folder job) are known: the job as it is now, every
     * file queued. Comes before any {@link #item} call about them.
     */
    void listed(JobView job);

    /** An item changed state. */
    void item(JobItem item);

    /** The job is done; no call follows. */
    void finished(JobView job);
}
