package io.radio4j.service.index.jobs;

import java.util.Objects;

/**
 * One file of an indexing job, as the API reports it.
 *
 * @param index the file's position in the job, from 0 (the order of the upload's parts)
 * @param fileName the file's name
 * @param state where it is
 * @param imageId the index entry's id once {@link ItemState#INDEXED}, else null
 * @param failure why it failed once {@link ItemState#FAILED}, else null
 */
public record JobItem(int index, String fileName, ItemState state, String imageId, JobFailure failure) {

    /** @throws IllegalArgumentException if the id or failure does not fit the state */
    public JobItem {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(state, "state");
        if ((state == ItemState.INDEXED) != (imageId != null)) {
            throw new IllegalArgumentException("an image id comes with, and only with, the indexed state");
        }
        if ((state == ItemState.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("a failure comes with, and only with, the failed state");
        }
    }

    static JobItem queued(int index, String fileName) {
        return new JobItem(index, fileName, ItemState.QUEUED, null, null);
    }

    JobItem embedding() {
        return new JobItem(index, fileName, ItemState.EMBEDDING, null, null);
    }

    JobItem indexed(String id) {
        return new JobItem(index, fileName, ItemState.INDEXED, id, null);
    }

    JobItem failed(JobFailure why) {
        return new JobItem(index, fileName, ItemState.FAILED, null, why);
    }
}
