package io.radio4j.service.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.image.ImageInfo;
import io.radio4j.core.image.ImageSize;
import io.radio4j.langchain.ImageIngestor;
import io.radio4j.langchain.ImageSource;
import io.radio4j.langchain.IngestionFailure;
import io.radio4j.langchain.IngestionReport;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.ApiProblemException;
import io.radio4j.service.index.ImageIndexService.Failure;
import io.radio4j.service.index.ImageIndexService.IndexResult;
import io.radio4j.service.index.ImageIndexService.Upload;
import io.radio4j.service.index.internal.ConfinedFolder;
import io.radio4j.service.index.internal.ContentHashes;
import io.radio4j.service.index.internal.FolderPolicy;
import io.radio4j.service.index.internal.IdLocks;
import io.radio4j.service.index.internal.ImageFileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Adds images to the index: embeds them with langchain-adapters' {@link ImageIngestor} into the
 * configured {@link EmbeddingStore} and keeps their bytes in {@link ImageFileStore}. An image's bytes
 * are stored before its vector is committed and it is listed only after, so an acknowledged image is
 * findable, servable and deletable after a crash. Writes of one id run one at a time
 * ({@link IdLocks}); a picture already indexed under another name is answered with the id it has
 * ({@link ContentHashes}). Thread-safe.
 */
@ApplicationScoped
class ImageIngestion {

    private static final Logger LOG = Logger.getLogger(ImageIngestion.class);

    /** The request limits ({@code radio4j.limits.max-*}) the encoders apply too. */
    @Inject
    Radio4jConfig radio;

    @Inject
    IndexConfig indexConfig;

    @Inject
    EmbeddingModel model;

    @Inject
    EmbeddingStore<TextSegment> store;

    @Inject
    ImageFileStore files;

    @Inject
    RadioEncoders encoders;

    @Inject
    MeterRegistry registry;

    @Inject
    IdLocks locks;

    @Inject
    ContentHashes hashes;

    private record Candidate(String reference, String fileName, byte[] bytes) {}

    /** Indexes uploaded files; see {@link ImageIndexService#indexUploads}. */
    IndexResult uploads(List<Upload> uploads) {
        checkFileCount(uploads.size());
        List<Candidate> candidates = uploads.stream()
                .map(u -> new Candidate(
                        "upload/" + ContentHashes.sha256(u.bytes()) + "/" + u.fileName(), u.fileName(), u.bytes()))
                .toList();
        return IndexFailures.requireSome(ingest(candidates, List.of()));
    }

    /** Indexes the images of a folder the {@link FolderPolicy} allowed; see {@link ImageIndexService#indexFolder}. */
    IndexResult folder(FolderPolicy.AllowedFolder target, String folder) {
        List<ConfinedFolder.Entry> images;
        try {
            images = target.folder()
                    .list(target.segments(), ImageIngestion::isImageName, indexConfig.maxUploadFiles() + 1);
        } catch (IOException | UncheckedIOException e) {
            throw ApiProblemException.unprocessable("cannot list folder '" + folder + "' without following links: "
                    + e.getClass().getSimpleName());
        }
        checkFileCount(images.size());
        // Read and embed one batch at a time: a folder may hold max-upload-files images of
        // max-image-bytes each, far more than the heap should hold at once.
        int batch = itemsPerCall();
        List<IndexedImage> indexed = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (int from = 0; from < images.size(); from += batch) {
            IndexResult part = readAndIngest(target, images.subList(from, Math.min(images.size(), from + batch)));
            indexed.addAll(part.indexed());
            failed.addAll(part.failed());
        }
        return IndexFailures.requireSome(new IndexResult(indexed, failed));
    }

    // The two limits the index shares with the rest of the service (radio4j.limits.*), read in one place.
    private int itemsPerCall() {
        return radio.limits().maxItemsPerCall();
    }

    private long maxImageBytes() {
        return radio.limits().maxImageBytes();
    }

    private IndexResult readAndIngest(FolderPolicy.AllowedFolder target, List<ConfinedFolder.Entry> images) {
        long maxBytes = maxImageBytes();
        List<Candidate> candidates = new ArrayList<>();
        List<Failure> unread = new ArrayList<>();
        for (ConfinedFolder.Entry image : images) {
            String name = image.name();
            try {
                // Opened again from the root, link by link refused: a swap since the listing cannot lead outside.
                byte[] bytes = target.folder().read(image, maxBytes);
                candidates.add(new Candidate(image.under(target.realRoot()).toString(), name, bytes));
            } catch (ConfinedFolder.TooLargeException e) {
                unread.add(new Failure(
                        name,
                        413,
                        "'" + name + "' has " + e.size() + " bytes, more than radio4j.limits.max-image-bytes = "
                                + maxBytes));
            } catch (IOException e) {
                unread.add(new Failure(
                        name,
                        422,
                        "cannot read '" + name + "' without following links: "
                                + e.getClass().getSimpleName()));
            }
        }
        return ingest(candidates, unread);
    }

    private static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0
                && ImageIngestor.DEFAULT_EXTENSIONS.contains(
                        name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void checkFileCount(int count) {
        if (count == 0) {
            throw ApiProblemException.badRequest(
                    "no image files given (multipart part 'file', or a folder holding images)");
        }
        int max = indexConfig.maxUploadFiles();
        if (count > max) {
            throw ApiProblemException.tooLarge(
                    "more than " + max + " images in one request (radio4j.index.max-upload-files)");
        }
    }

    private IndexResult ingest(List<Candidate> candidates, List<Failure> earlier) {
        List<String> ids =
                candidates.stream().map(c -> ImageIngestor.idOf(c.reference())).toList();
        try (IdLocks.Held held = locks.lock(ids)) {
            return ingestLocked(candidates, earlier);
        }
    }

    private IndexResult ingestLocked(List<Candidate> candidates, List<Failure> earlier) {
        List<Failure> failed = new ArrayList<>(earlier);
        Map<String, IndexedImage> pending = new LinkedHashMap<>();
        Map<String, Candidate> byReference = new LinkedHashMap<>();
        List<ImageSource> sources = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<IndexedImage> existing = new ArrayList<>();
        Map<String, String> pendingByHash = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            ImageInfo info;
            try {
                info = encoders.preprocessor().probe(c.bytes());
            } catch (RuntimeException e) {
                failed.add(IndexFailures.of(c.fileName(), e));
                continue;
            }
            String id = ImageIngestor.idOf(c.reference());
            if (pending.containsKey(c.reference())) {
                continue; // the same file twice in one request
            }
            String hash = ContentHashes.sha256(c.bytes());
            Optional<IndexedImage> same = hashes.find(hash, files)
                    .or(() -> Optional.ofNullable(pendingByHash.get(hash)).map(pending::get));
            if (same.isPresent()) {
                existing.add(same.get()); // the same picture is already indexed: answer its id
                continue;
            }
            pendingByHash.put(hash, c.reference());
            if (files.find(id).isPresent()) {
                replaced.add(id);
            }
            ImageSize size = info.orientedSize();
            files.putBytes(id, c.bytes());
            pending.put(
                    c.reference(),
                    new IndexedImage(
                            id,
                            c.fileName(),
                            info.format().mimeType(),
                            size.width(),
                            size.height(),
                            c.bytes().length,
                            IndexedImage.imageUrlOf(id)));
            byReference.put(c.reference(), c);
            sources.add(ImageSource.of(c.reference(), c.bytes(), Instant.now()));
        }
        if (!sources.isEmpty()) {
            removeForUpsert(replaced);
            IngestionReport report = ImageIngestor.builder()
                    .embeddingModel(model)
                    .embeddingStore(store)
                    .preprocessor(encoders.preprocessor())
                    .batchSize(itemsPerCall())
                    .maxImageBytes(maxImageBytes())
                    .build()
                    .ingest(sources);
            for (IngestionFailure f : report.failures()) {
                IndexedImage image = pending.remove(f.reference());
                Candidate c = byReference.get(f.reference());
                String name = c == null ? f.reference() : c.fileName();
                Failure failure =
                        IndexFailures.of(name, f.cause() == null ? new IllegalStateException(f.message()) : f.cause());
                if (failure.status() >= 500 && failure.status() != 503) {
                    LOG.errorf(f.cause(), "image '%s' could not be indexed: %s", name, f.message());
                }
                failed.add(failure);
                if (image != null && !replaced.contains(image.id())) {
                    files.delete(image.id());
                }
            }
        }
        List<IndexedImage> indexed = new ArrayList<>();
        for (IndexedImage image : pending.values()) {
            files.describe(image);
            indexed.add(image);
        }
        pendingByHash.forEach((hash, reference) -> {
            IndexedImage image = pending.get(reference);
            if (image != null) {
                hashes.record(hash, image.id());
            }
        });
        indexed.addAll(
                existing.stream().filter(e -> files.find(e.id()).isPresent()).toList());
        registry.counter("radio4j_index_images", "outcome", "indexed").increment(indexed.size());
        failed.forEach(f -> registry.counter("radio4j_index_images", "outcome", "failed_" + f.status())
                .increment());
        return new IndexResult(indexed, failed);
    }

    // Lucene replaces an entry added under an existing id; other stores may keep both.
    private void removeForUpsert(List<String> ids) {
        if (ids.isEmpty() || store instanceof LuceneEmbeddingStore) {
            return;
        }
        try {
            store.removeAll(ids);
        } catch (UnsupportedFeatureException e) {
            // a store without removal keeps the stale copy; search results are still served by id
        }
    }
}
