package io.radio4j.service.index;

import dev.langchain4j.store.embedding.EmbeddingStore;
import io.quarkus.runtime.StartupEvent;
import io.radio4j.core.image.ImageException;
import io.radio4j.langchain.ImageIngestor;
import io.radio4j.langchain.ImageSearch;
import io.radio4j.service.ApiProblemException;
import io.radio4j.service.Limited;
import io.radio4j.service.index.internal.FolderPolicy;
import io.radio4j.service.index.internal.ImageFileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The image index: embeds images with RADIO-CLIP through langchain-adapters' {@link ImageIngestor}
 * into the configured LangChain4j {@link EmbeddingStore}, keeps their bytes in {@link ImageFileStore},
 * and searches them by text or by image with {@link ImageSearch}. This class is the index's API for
 * the resources: it checks that the index is on and hands each call to the class that does that job
 * ({@link ImageIngestion}, {@link IndexSearch}, {@link IndexEntries}, and {@link FolderPolicy} for
 * server-side folders).
 *
 * <p>An uploaded image's id is a name-based UUID of its SHA-256 and file name, so uploading the same
 * file again replaces its entry instead of duplicating it; a server-side file's id is that of its
 * absolute path (as {@link ImageIngestor#idOf} defines it). An acknowledged image is findable,
 * servable and deletable after a crash. Client mistakes throw {@link ApiProblemException} or
 * radio-core's exceptions, which the service's problem mapper answers. Thread-safe.
 */
@ApplicationScoped
public class ImageIndexService {

    @Inject
    IndexConfig config;

    @Inject
    ImageIngestion ingestion;

    @Inject
    IndexSearch search;

    @Inject
    IndexEntries entries;

    /** An uploaded file. */
    public record Upload(String fileName, byte[] bytes) {}

    /**
     * An image that could not be indexed while others were.
     *
     * @param fileName the file's name
     * @param status the HTTP status it would have had alone
     * @param detail why
     */
    public record Failure(String fileName, int status, String detail) {}

    /**
     * What became of one file: indexed (or answered with the entry that already holds its picture),
     * or not indexed.
     *
     * @param fileName the file's name
     * @param image its index entry (for a picture already indexed, that entry), else null
     * @param failure why it was not indexed, else null
     */
    public record FileOutcome(String fileName, IndexedImage image, Failure failure) {
        /** @throws IllegalArgumentException unless exactly one of image and failure is given */
        public FileOutcome {
            Objects.requireNonNull(fileName, "fileName");
            if ((image == null) == (failure == null)) {
                throw new IllegalArgumentException("a file is either indexed or failed");
            }
        }
    }

    /** What one indexing request did. */
    public record IndexResult(List<IndexedImage> indexed, List<Failure> failed) {
        /** Copies the lists. */
        public IndexResult {
            indexed = List.copyOf(indexed);
            failed = List.copyOf(failed);
        }

        /** The files' outcomes, in order; null entries (a file repeated in one request) are left out. */
        static IndexResult of(List<FileOutcome> outcomes) {
            List<IndexedImage> indexed = new ArrayList<>();
            List<Failure> failed = new ArrayList<>();
            for (FileOutcome o : outcomes) {
                if (o == null) {
                    continue;
                }
                if (o.image() != null) {
                    indexed.add(o.image());
                } else {
                    failed.add(o.failure());
                }
            }
            return new IndexResult(indexed, failed);
        }
    }

    /**
     * Indexes uploaded files. When every file fails, the first failure is thrown as the request's
     * problem; otherwise the failures are listed in the result.
     *
     * @throws ApiProblemException 400 when there is no file, 413 over {@code radio4j.index.max-upload-files}
     */
    @Limited
    public IndexResult indexUploads(List<Upload> uploads) {
        requireEnabled();
        return ingestion.uploads(uploads);
    }

    /**
     * Indexes the images (by extension: {@link ImageIngestor#DEFAULT_EXTENSIONS}) under a server-side
     * folder, recursively, without following symbolic links.
     *
     * @throws ApiProblemException 403 when the folder is outside every {@code radio4j.index.allowed-roots}
     *     (or none is configured), 422 when it is not an absolute path to a folder, 413 when it holds
     *     more images than {@code radio4j.index.max-upload-files}
     */
    @Limited
    public IndexResult indexFolder(String folder) {
        requireEnabled();
        return ingestion.folder(ingestion.listFolder(allowed(folder), folder));
    }

    /**
     * Lists the images of a server-side folder as {@link #indexFolder} does, without reading them,
     * for a caller that indexes them batch by batch ({@link #indexFolderBatch}) to report each file.
     *
     * @throws ApiProblemException as {@link #indexFolder}: 403 outside the allowed roots, 400 for a
     *     blank folder or one without images, 422 when it is not an absolute path to a folder, 413
     *     over {@code radio4j.index.max-upload-files}
     */
    public FolderImages listFolder(String folder) {
        requireEnabled();
        return ingestion.listFolder(allowed(folder), folder);
    }

    /**
     * Reads and indexes one batch of a listed folder. Unlike {@link #indexFolder}, a batch whose every
     * file fails is answered with those failures, not thrown.
     *
     * @return each file's outcome, in the batch's order (one per file)
     * @throws ApiProblemException 404 when the index is off, 429 when the service is too busy (no
     *     permit in time; nothing was read or indexed)
     */
    @Limited
    public List<FileOutcome> indexFolderBatch(FolderImages.Batch batch) {
        requireEnabled();
        return ingestion.folderBatch(batch);
    }

    private FolderPolicy.AllowedFolder allowed(String folder) {
        return new FolderPolicy(config.allowedRoots().orElse(List.of())).check(folder);
    }

    /**
     * The {@code k} images best matching a text, best first.
     *
     * @throws ApiProblemException 400 for a blank query, 413 over {@code radio4j.limits.max-text-chars},
     *     422 for {@code k} outside 1..{@code radio4j.index.max-results}
     */
    @Limited
    public List<SearchHit> searchText(String q, Integer k) {
        requireEnabled();
        return search.byText(q, k);
    }

    /**
     * The {@code k} images most similar to an encoded image, best first.
     *
     * @throws ImageException if the image is unreadable or over the byte or pixel limits
     */
    @Limited
    public List<SearchHit> searchImage(byte[] image, Integer k) {
        requireEnabled();
        return search.byImage(image, k);
    }

    /** Every listed image, by file name. */
    public List<IndexedImage> list() {
        requireEnabled();
        return entries.list();
    }

    /** The description of an indexed image. @throws ApiProblemException 404 if there is none */
    public IndexedImage find(String id) {
        requireEnabled();
        return entries.find(id);
    }

    /** The stored bytes of an indexed image. @throws ApiProblemException 404 if there is none */
    public byte[] imageBytes(String id) {
        requireEnabled();
        return entries.bytes(id);
    }

    /**
     * Removes an image: its vector (committed) first, then its files.
     *
     * @throws ApiProblemException 404 if there is no such image
     */
    public void delete(String id) {
        requireEnabled();
        entries.delete(id);
    }

    /** Removes what a crash left behind (temporary files, undescribed bytes, their vectors) before serving. */
    void sweep(@Observes StartupEvent event) {
        if (config.enabled()) {
            entries.sweep();
        }
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw new ApiProblemException(
                    404, "Index disabled", "the image index is off (radio4j.index.enabled=false)");
        }
    }
}
