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
import java.util.List;

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

    /** What one indexing request did. */
    public record IndexResult(List<IndexedImage> indexed, List<Failure> failed) {
        /** Copies the lists. */
        public IndexResult {
            indexed = List.copyOf(indexed);
            failed = List.copyOf(failed);
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
        FolderPolicy.AllowedFolder target =
                new FolderPolicy(config.allowedRoots().orElse(List.of())).check(folder);
        return ingestion.folder(target, folder);
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
