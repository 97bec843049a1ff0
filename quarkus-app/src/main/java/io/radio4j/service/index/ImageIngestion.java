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
import io.radio4j.service.index.ImageIndexService.FileOutcome;
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
import java.util.Arrays;
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
        return IndexFailures.requireSome(IndexResult.of(counted(ingest(candidates))));
    }

    /** Lists the images of a folder the {@link FolderPolicy} allowed; see {@link ImageIndexService#listFolder}. */
    FolderImages listFolder(FolderPolicy.AllowedFolder target, String folder) {
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
        return new FolderImages(folder, target, images, itemsPerCall());
    }

    /** Indexes a listed folder, batch after batch; see {@link ImageIndexService#indexFolder}. */
    IndexResult folder(FolderImages images) {
        List<FileOutcome> outcomes = new ArrayList<>();
        for (FolderImages.Batch batch : images.batches()) {
            outcomes.addAll(folderBatch(batch));
        }
        return IndexFailures.requireSome(IndexResult.of(outcomes));
    }

    /** Reads and indexes one batch of a listed folder; see {@link ImageIndexService#indexFolderBatch}. */
    List<FileOutcome> folderBatch(FolderImages.Batch batch) {
        FolderPolicy.AllowedFolder target = batch.target();
        long maxBytes = maxImageBytes();
        FileOutcome[] outcomes = new FileOutcome[batch.size()];
        List<Candidate> candidates = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ConfinedFolder.Entry image = batch.entries().get(i);
            String name = image.name();
            try {
                // Opened again from the root, link by link refused: a swap since the listing cannot lead outside.
                byte[] bytes = target.folder().read(image, maxBytes);
                candidates.add(new Candidate(image.under(target.realRoot()).toString(), name, bytes));
                positions.add(i);
            } catch (ConfinedFolder.TooLargeException e) {
                outcomes[i] = failed(new Failure(
                        name,
                        413,
                        "'" + name + "' has " + e.size() + " bytes, more than radio4j.limits.max-image-bytes = "
                                + maxBytes));
            } catch (IOException e) {
                outcomes[i] = failed(new Failure(
                        name,
                        422,
                        "cannot read '" + name + "' without following links: "
                                + e.getClass().getSimpleName()));
            }
        }
        List<FileOutcome> ingested = ingest(candidates);
        for (int c = 0; c < ingested.size(); c++) {
            outcomes[positions.get(c)] = ingested.get(c);
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                // Paths are unique in a listing, so no file repeats another; this would be a defect.
                throw new IllegalStateException(
                        "no outcome for '" + batch.entries().get(i).name() + "'");
            }
        }
        return counted(Arrays.asList(outcomes));
    }

    // The two limits the index shares with the rest of the service (radio4j.limits.*), read in one place.
    private int itemsPerCall() {
        return radio.limits().maxItemsPerCall();
    }

    private long maxImageBytes() {
        return radio.limits().maxImageBytes();
    }

    private static FileOutcome failed(Failure failure) {
        return new FileOutcome(failure.fileName(), null, failure);
    }

    private List<FileOutcome> counted(List<FileOutcome> outcomes) {
        int indexed = 0;
        for (FileOutcome o : outcomes) {
            if (o == null) {
                continue;
            }
            if (o.image() != null) {
                indexed++;
            } else {
                registry.counter(
                                "radio4j_index_images",
                                "outcome",
                                "failed_" + o.failure().status())
                        .increment();
            }
        }
        registry.counter("radio4j_index_images", "outcome", "indexed").increment(indexed);
        return outcomes;
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

    /**
     * Indexes the candidates: their outcomes in the same order, null for a file repeated in the same
     * request (the same reference: it is answered once).
     */
    private List<FileOutcome> ingest(List<Candidate> candidates) {
        List<String> ids =
                candidates.stream().map(c -> ImageIngestor.idOf(c.reference())).toList();
        try (IdLocks.Held held = locks.lock(ids)) {
            return ingestLocked(candidates);
        }
    }

    /**
     * What a candidate is answered with once the batch is embedded: its own failure, the entry made
     * from a reference of this batch (its own, or that of an earlier file with the same picture), or
     * an entry indexed before.
     */
    private record Answer(Failure failure, String reference, IndexedImage existing) {}

    private List<FileOutcome> ingestLocked(List<Candidate> candidates) {
        List<Answer> answers = new ArrayList<>();
        Map<String, IndexedImage> pending = new LinkedHashMap<>();
        Map<String, Candidate> byReference = new LinkedHashMap<>();
        Map<String, Failure> failedByReference = new LinkedHashMap<>();
        List<ImageSource> sources = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        Map<String, String> pendingByHash = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            ImageInfo info;
            try {
                info = encoders.preprocessor().probe(c.bytes());
            } catch (RuntimeException e) {
                answers.add(new Answer(IndexFailures.of(c.fileName(), e), null, null));
                continue;
            }
            String id = ImageIngestor.idOf(c.reference());
            if (pending.containsKey(c.reference())) {
                answers.add(null); // the same file twice in one request
                continue;
            }
            String hash = ContentHashes.sha256(c.bytes());
            Optional<IndexedImage> same = hashes.find(hash, files);
            if (same.isPresent()) {
                answers.add(new Answer(null, null, same.get())); // the same picture is already indexed: answer its id
                continue;
            }
            String samePending = pendingByHash.get(hash);
            if (samePending != null) {
                answers.add(new Answer(null, samePending, null)); // the same picture earlier in this request
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
            answers.add(new Answer(null, c.reference(), null));
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
                failedByReference.put(f.reference(), failure);
                if (image != null && !replaced.contains(image.id())) {
                    files.delete(image.id());
                }
            }
        }
        for (IndexedImage image : pending.values()) {
            files.describe(image);
        }
        pendingByHash.forEach((hash, reference) -> {
            IndexedImage image = pending.get(reference);
            if (image != null) {
                hashes.record(hash, image.id());
            }
        });
        List<FileOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            outcomes.add(outcome(candidates.get(i), answers.get(i), pending, failedByReference));
        }
        return outcomes;
    }

    private FileOutcome outcome(
            Candidate c, Answer answer, Map<String, IndexedImage> pending, Map<String, Failure> failedByReference) {
        if (answer == null) {
            return null;
        }
        String name = c.fileName();
        if (answer.failure() != null) {
            return new FileOutcome(name, null, answer.failure());
        }
        if (answer.existing() != null) {
            return files.find(answer.existing().id()).isPresent()
                    ? new FileOutcome(name, answer.existing(), null)
                    : new FileOutcome(
                            name,
                            null,
                            new Failure(
                                    name,
                                    500,
                                    "the indexed image with the same picture was removed while this file was"
                                            + " indexed; index it again"));
        }
        IndexedImage image = pending.get(answer.reference());
        if (image != null) {
            return new FileOutcome(name, image, null);
        }
        // The file it shares its picture with (or the file itself) failed: so does this one.
        Failure why = failedByReference.get(answer.reference());
        return new FileOutcome(
                name,
                null,
                why == null
                        ? new Failure(name, 500, "'" + name + "' was not indexed; see the service log")
                        : new Failure(name, why.status(), why.detail()));
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
