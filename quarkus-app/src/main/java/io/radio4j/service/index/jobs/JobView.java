package io.radio4j.service.index.jobs;

import java.time.Instant;
import java.util.List;

/**
 * An indexing job as the API reports it ({@code GET /v1/index/jobs/{id}}, and the first and last
 * events of its stream).
 *
 * @param id the job's id
 * @param folder the server-side folder of a folder job, else null
 * @param state where the job is
 * @param total the files of the job; a folder job has none until its folder is listed, when it
 *     starts running, and then every image of the folder, queued, before any is indexed
 * @param indexed files indexed so far
 * @param failed files that failed so far
 * @param items every file, in order (a folder's in the order of its sorted listing)
 * @param failure why the job as a whole failed (a folder that may not be read), else null
 * @param created when the job was accepted
 * @param finished when it was done, else null
 */
public record JobView(
        String id,
        String folder,
        JobState state,
        int total,
        int indexed,
        int failed,
        List<JobItem> items,
        JobFailure failure,
        Instant created,
        Instant finished) {

    /** Copies the list. */
    public JobView {
        items = List.copyOf(items);
    }
}
