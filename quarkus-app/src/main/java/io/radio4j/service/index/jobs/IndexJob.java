package io.radio4j.service.index.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The state of one indexing job: its items, its listeners, and when it finished. Every change and
 * every subscription happens under the job's lock, so a subscriber's snapshot plus the changes it is
 * told about afterwards are exactly the job's history: no change is lost or told twice. Thread-safe.
 */
final class IndexJob {

    private final String id;
    private final String folder;
    private final Instant created;
    private final Clock clock;
    private final List<JobItem> items = new ArrayList<>();
    private final List<JobListener> listeners = new ArrayList<>();
    private JobState state = JobState.QUEUED;
    private JobFailure failure;
    private Instant finished;

    IndexJob(String id, String folder, List<String> fileNames, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.folder = folder;
        this.clock = clock;
        this.created = clock.instant();
        for (String name : fileNames) {
            items.add(JobItem.queued(items.size(), name));
        }
    }

    String id() {
        return id;
    }

    synchronized boolean isDone() {
        return state == JobState.DONE;
    }

    /** When the job finished, or null while it runs. */
    synchronized Instant finishedAt() {
        return finished;
    }

    synchronized JobView view() {
        int indexed = 0;
        int failed = 0;
        for (JobItem item : items) {
            if (item.state() == ItemState.INDEXED) {
                indexed++;
            } else if (item.state() == ItemState.FAILED) {
                failed++;
            }
        }
        return new JobView(id, folder, state, items.size(), indexed, failed, items, failure, created, finished);
    }

    /**
     * Registers a listener and hands it the job as it is now, atomically; a finished job is handed
     * to {@code snapshot} and the listener is not kept.
     *
     * @return false when the job was already done (the listener will not be called)
     */
    synchronized boolean subscribe(JobListener listener, Consumer<JobView> snapshot) {
        snapshot.accept(view());
        if (state == JobState.DONE) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    synchronized void unsubscribe(JobListener listener) {
        listeners.remove(listener);
    }

    synchronized void start() {
        if (state == JobState.QUEUED) {
            state = JobState.RUNNING;
        }
    }

    synchronized JobItem item(int index) {
        return items.get(index);
    }

    synchronized void update(JobItem item) {
        if (state == JobState.DONE || items.get(item.index()).state().isFinal()) {
            return; // outcomes are final: a late update never overwrites one
        }
        items.set(item.index(), item);
        for (JobListener listener : List.copyOf(listeners)) {
            try {
                listener.item(item);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
    }

    /**
     * Sets the files of a job started without them (a folder job, once its folder is listed), each
     * queued, and hands the listeners the whole job, so they learn the total before any file's
     * outcome. Does nothing once the job is done.
     *
     * @throws IllegalStateException if the job already has files
     */
    synchronized void list(List<String> fileNames) {
        if (state == JobState.DONE) {
            return;
        }
        if (!items.isEmpty()) {
            throw new IllegalStateException("job " + id + " already has its files");
        }
        for (String name : fileNames) {
            items.add(JobItem.queued(items.size(), name));
        }
        JobView listed = view();
        for (JobListener listener : List.copyOf(listeners)) {
            try {
                listener.listed(listed);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
    }

    /**
     * Ends the job: items still open fail with {@code unfinished}, and the listeners are told.
     *
     * @param jobFailure why the job as a whole failed, or null
     */
    synchronized void finish(JobFailure jobFailure, JobFailure unfinished) {
        if (state == JobState.DONE) {
            return;
        }
        for (JobItem item : List.copyOf(items)) {
            if (!item.state().isFinal()) {
                update(item.failed(unfinished));
            }
        }
        failure = jobFailure;
        state = JobState.DONE;
        finished = clock.instant();
        JobView done = view();
        for (JobListener listener : List.copyOf(listeners)) {
            try {
                listener.finished(done);
            } catch (RuntimeException e) {
                // the stream is gone; the job stays readable by id
            }
        }
        listeners.clear();
    }
}
