package io.radio4j.service.index.jobs;

import io.radio4j.service.ApiProblemException;
import io.radio4j.service.RadioServiceConfig;
import io.radio4j.service.index.FolderImages;
import io.radio4j.service.index.ImageIndexService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Indexing jobs: a batch of uploads or a server-side folder, indexed in the background by
 * {@link ImageIndexService} while clients follow each file's progress (queued, embedding, indexed
 * or failed with a plain reason). Uploads are indexed one file per call, so each file's outcome is
 * known as soon as it is embedded. A folder is listed first ({@link ImageIndexService#listFolder}),
 * which gives the job its total and every file, queued; its images are then indexed in the batches
 * the index embeds together ({@link FolderImages#batches()}), and each file's outcome is reported as
 * soon as its batch is done.
 *
 * <p>Bounded by {@link IndexJobsConfig}: jobs held, files per job, upload bytes held, and how long a
 * finished job is kept. A call the service is too busy for (429) is retried after the backend's
 * {@code Retry-After} rather than failing the file. Thread-safe.
 */
@ApplicationScoped
public class IndexJobs {

    private static final Logger LOG = Logger.getLogger(IndexJobs.class);
    /** Busy answers (429) of one file retried before it fails. */
    static final int BUSY_RETRIES = 20;

    private static final JobFailure STOPPED = JobFailure.of(503, "the service stopped before this file was indexed");
    /** An indexing call failed in a way the service did not foresee; the log has the cause. */
    private static final JobFailure UNEXPECTED =
            JobFailure.of(500, "the image could not be indexed; see the service log");

    @Inject
    ImageIndexService index;

    @Inject
    IndexJobsConfig config;

    @Inject
    RadioServiceConfig serviceConfig;

    @Inject
    io.radio4j.service.index.IndexConfig indexConfig;

    private JobRegistry registry;
    private ExecutorService workers;
    private final AtomicLong pendingBytes = new AtomicLong();

    /** A file of an upload job: its bytes, or why it could not even be read. */
    public record Upload(String fileName, byte[] bytes, JobFailure unread) {
        /** @throws IllegalArgumentException unless exactly one of bytes and unread is given */
        public Upload {
            if ((bytes == null) == (unread == null)) {
                throw new IllegalArgumentException("an upload has either bytes or a failure");
            }
        }
    }

    @PostConstruct
    void start() {
        if (config.workers() < 1 || config.maxItemsPerJob() < 1 || config.maxPendingBytes() < 1) {
            throw new IllegalStateException(
                    "radio4j.index.jobs.workers, max-items-per-job and max-pending-bytes must be >= 1");
        }
        registry = new JobRegistry(config.maxJobs(), config.retention(), Clock.systemUTC());
        workers = Executors.newFixedThreadPool(
                config.workers(),
                Thread.ofPlatform().daemon().name("radio4j-index-job-", 0).factory());
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Accepts a job for uploaded files; they are indexed in the background, in order.
     *
     * @throws ApiProblemException 404 when the index is off, 400 without files, 413 over
     *     {@code radio4j.index.jobs.max-items-per-job}, 429 when {@code max-jobs} unfinished jobs are
     *     held or the bytes would pass {@code max-pending-bytes}
     */
    public JobView submitUploads(List<Upload> uploads) {
        requireEnabled();
        if (uploads.isEmpty()) {
            throw ApiProblemException.badRequest(
                    "no image files given (multipart part 'file', repeatable), and no 'folder'");
        }
        checkItemCount(uploads.size());
        long bytes = uploads.stream()
                .mapToLong(u -> u.bytes() == null ? 0 : u.bytes().length)
                .sum();
        if (pendingBytes.addAndGet(bytes) > config.maxPendingBytes()) {
            pendingBytes.addAndGet(-bytes);
            throw new ApiProblemException(
                    429,
                    "Too many uploads waiting",
                    "indexing jobs already hold close to " + config.maxPendingBytes()
                            + " bytes of uploads (radio4j.index.jobs.max-pending-bytes); retry when they are indexed");
        }
        IndexJob job = new IndexJob(
                UUID.randomUUID().toString(),
                null,
                uploads.stream().map(Upload::fileName).toList(),
                Clock.systemUTC());
        List<Upload> work = new ArrayList<>(uploads);
        try {
            registry.add(job);
        } catch (RuntimeException e) {
            pendingBytes.addAndGet(-bytes);
            throw e;
        }
        return launch(job, () -> runUploads(job, work), () -> release(work));
    }

    /**
     * Accepts a job for the images of a server-side folder (see {@link ImageIndexService#indexFolder}).
     * Whether the folder may be read is decided when the job runs, by listing it: a refusal (403, 400,
     * 422), or more images than {@code radio4j.index.max-upload-files} or
     * {@code radio4j.index.jobs.max-items-per-job} (413), fails the job as a whole, without files.
     *
     * @throws ApiProblemException 404 when the index is off, 400 without a folder, 429 when
     *     {@code max-jobs} unfinished jobs are held
     */
    public JobView submitFolder(String folder) {
        requireEnabled();
        if (folder == null || folder.isBlank()) {
            throw ApiProblemException.badRequest(
                    "'folder' is required: an absolute path inside radio4j.index.allowed-roots");
        }
        IndexJob job = new IndexJob(UUID.randomUUID().toString(), folder, List.of(), Clock.systemUTC());
        registry.add(job);
        return launch(job, () -> runFolder(job, folder), () -> {});
    }

    /**
     * The job with this id.
     *
     * @throws ApiProblemException 404 when it is unknown or was forgotten
     */
    public JobView find(String id) {
        return job(id).view();
    }

    /**
     * Follows a job: {@code snapshot} gets the job as it is now, then {@code listener} every later
     * change, with nothing lost in between. For a finished job only {@code snapshot} is called.
     *
     * @return a handle that stops the listening
     * @throws ApiProblemException 404 when the job is unknown or was forgotten
     */
    public Runnable follow(String id, JobListener listener, java.util.function.Consumer<JobView> snapshot) {
        IndexJob job = job(id);
        job.subscribe(listener, snapshot);
        return () -> job.unsubscribe(listener);
    }

    private IndexJob job(String id) {
        return Optional.ofNullable(id)
                .flatMap(registry::find)
                .orElseThrow(() -> new ApiProblemException(
                        404,
                        "Not found",
                        "no indexing job with id '" + id + "'; finished jobs are kept for "
                                + config.retention().toSeconds() + " s (radio4j.index.jobs.retention)"));
    }

    private JobView launch(IndexJob job, Runnable work, Runnable cleanup) {
        try {
            workers.execute(() -> {
                try {
                    job.start();
                    work.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "indexing job %s stopped", job.id());
                    job.finish(
                            JobFailure.of(500, "the job stopped; see the service log"),
                            JobFailure.of(500, "the job stopped; see the service log"));
                } finally {
                    cleanup.run();
                    job.finish(null, STOPPED);
                }
            });
        } catch (RejectedExecutionException e) {
            cleanup.run();
            job.finish(STOPPED, STOPPED);
        }
        return job.view();
    }

    private void runUploads(IndexJob job, List<Upload> uploads) {
        for (int i = 0; i < uploads.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            Upload upload = uploads.get(i);
            JobItem item = job.item(i);
            if (upload.unread() != null) {
                job.update(item.failed(upload.unread()));
                continue;
            }
            job.update(item.embedding());
            try {
                ImageIndexService.IndexResult result = retryWhenBusy(() ->
                        index.indexUploads(List.of(new ImageIndexService.Upload(upload.fileName(), upload.bytes()))));
                if (!result.indexed().isEmpty()) {
                    job.update(item.indexed(result.indexed().getFirst().id()));
                } else if (!result.failed().isEmpty()) {
                    ImageIndexService.Failure f = result.failed().getFirst();
                    job.update(item.failed(JobFailure.of(f.status(), f.detail())));
                }
            } catch (ApiProblemException e) {
                job.update(item.failed(JobFailure.of(e.status(), e.detail())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "indexing job %s: '%s' could not be indexed", job.id(), upload.fileName());
                job.update(item.failed(UNEXPECTED));
            } finally {
                pendingBytes.addAndGet(-upload.bytes().length);
                uploads.set(i, new Upload(upload.fileName(), null, STOPPED)); // its bytes are no longer needed
            }
        }
    }

    private void runFolder(IndexJob job, String folder) {
        FolderImages images;
        try {
            images = index.listFolder(folder);
            checkItemCount(images.size());
        } catch (ApiProblemException e) {
            job.finish(new JobFailure(e.status(), PlainReasons.forFolder(e.status()), e.detail()), STOPPED);
            return;
        }
        job.list(images.fileNames());
        for (FolderImages.Batch batch : images.batches()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                job.update(job.item(batch.from() + i).embedding());
            }
            List<ImageIndexService.FileOutcome> outcomes;
            try {
                outcomes = retryWhenBusy(() -> index.indexFolderBatch(batch));
            } catch (ApiProblemException e) {
                failBatch(job, batch, JobFailure.of(e.status(), e.detail()));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "indexing job %s: images %d to %d of '%s' could not be indexed",
                        job.id(),
                        batch.from(),
                        batch.from() + batch.size() - 1,
                        folder);
                failBatch(job, batch, UNEXPECTED);
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                ImageIndexService.FileOutcome outcome = outcomes.get(i);
                JobItem item = job.item(batch.from() + i);
                job.update(
                        outcome.image() != null
                                ? item.indexed(outcome.image().id())
                                : item.failed(JobFailure.of(
                                        outcome.failure().status(),
                                        outcome.failure().detail())));
            }
        }
    }

    private static void failBatch(IndexJob job, FolderImages.Batch batch, JobFailure why) {
        for (int i = 0; i < batch.size(); i++) {
            job.update(job.item(batch.from() + i).failed(why));
        }
    }

    /** The call, again after the backend's Retry-After while the service answers it is busy (429). */
    private <T> T retryWhenBusy(Supplier<T> call) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (ApiProblemException e) {
                if (e.status() != 429 || attempt >= BUSY_RETRIES) {
                    throw e;
                }
                Thread.sleep(Math.max(100, serviceConfig.backend().retryAfter().toMillis()));
            }
        }
    }

    private void release(List<Upload> uploads) {
        for (Upload upload : uploads) {
            if (upload.bytes() != null) {
                pendingBytes.addAndGet(-upload.bytes().length);
            }
        }
    }

    private void checkItemCount(int count) {
        if (count > config.maxItemsPerJob()) {
            throw ApiProblemException.tooLarge(count
                    + " files in one job, more than radio4j.index.jobs.max-items-per-job = " + config.maxItemsPerJob());
        }
    }

    private void requireEnabled() {
        if (!indexConfig.enabled()) {
            throw new ApiProblemException(
                    404, "Index disabled", "the image index is off (radio4j.index.enabled=false)");
        }
    }
}
