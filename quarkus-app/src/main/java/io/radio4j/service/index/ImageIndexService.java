package io.radio4j.service.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.encoder.BatchException;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageInfo;
import io.radio4j.core.image.ImageSize;
import io.radio4j.langchain.ImageIngestor;
import io.radio4j.langchain.ImageMatch;
import io.radio4j.langchain.ImageSearch;
import io.radio4j.langchain.ImageSource;
import io.radio4j.langchain.IngestionFailure;
import io.radio4j.langchain.IngestionReport;
import io.radio4j.langchain.store.LuceneEmbeddingStore;
import io.radio4j.service.ApiProblemException;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.Limited;
import io.radio4j.service.RadioServiceConfig;
import io.radio4j.service.index.internal.ConfinedFolder;
import io.radio4j.service.index.internal.IdLocks;
import io.radio4j.service.index.internal.ContentHashes;
import io.radio4j.service.index.internal.ImageFileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The image index: embeds images with RADIO-CLIP through langchain-adapters' {@link ImageIngestor}
 * into the configured LangChain4j {@link EmbeddingStore}, keeps their bytes in {@link ImageFileStore},
 * and searches them by text or by image with {@link ImageSearch}.
 *
 * <p>An uploaded image's id is a name-based UUID of its SHA-256 and file name, so uploading the same
 * file again replaces its entry instead of duplicating it; a server-side file's id is that of its
 * absolute path (as {@link ImageIngestor#idOf} defines it). Each image's bytes are stored before its
 * vector is committed and it is listed only after: an acknowledged image is findable, servable and
 * deletable after a crash. Client mistakes throw {@link ApiProblemException} or radio-core's
 * exceptions, which the service's problem mapper answers. Thread-safe.
 */
@ApplicationScoped
public class ImageIndexService {

    private static final Logger LOG = Logger.getLogger(ImageIndexService.class);
    static final String MODEL_CHANGED = "the index holds embeddings of another model; search with the model it was built with, "
            + "or move radio4j.index.data-dir aside to start a new index";

    @Inject
    RadioServiceConfig config;

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

    /** Write, delete and re-upload of one id run one at a time (see {@link IdLocks}). */
    private final IdLocks locks = new IdLocks(1024);

    /** Answers a picture indexed again (another name, upload and folder) with the id it already has. */
    private final ContentHashes hashes = new ContentHashes();

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

    private record Candidate(String reference, String fileName, byte[] bytes) {}

    /**
     * Indexes uploaded files. When every file fails, the first failure is thrown as the request's
     * problem; otherwise the failures are listed in the result.
     *
     * @throws ApiProblemException 400 when there is no file, 413 over {@code radio4j.index.max-upload-files}
     */
    @Limited
    public IndexResult indexUploads(List<Upload> uploads) {
        requireEnabled();
        checkFileCount(uploads.size());
        List<Candidate> candidates = uploads.stream()
                .map(u -> new Candidate("upload/" + sha256(u.bytes()) + "/" + u.fileName(), u.fileName(), u.bytes()))
                .toList();
        return requireSome(ingest(candidates, List.of()));
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
        Confined target = allowedFolder(folder);
        List<ConfinedFolder.Entry> images;
        try {
            images = target.folder().list(target.segments(), ImageIndexService::isImageName, config.index().maxUploadFiles() + 1);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ApiProblemException.unprocessable("cannot list folder '" + folder + "' without following links: "
                    + e.getClass().getSimpleName());
        }
        checkFileCount(images.size());
        // Read and embed one batch at a time: a folder may hold max-upload-files images of
        // max-image-bytes each, far more than the heap should hold at once.
        int batch = config.limits().maxItemsPerCall();
        List<IndexedImage> indexed = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (int from = 0; from < images.size(); from += batch) {
            IndexResult part = readAndIngest(target, images.subList(from, Math.min(images.size(), from + batch)));
            indexed.addAll(part.indexed());
            failed.addAll(part.failed());
        }
        return requireSome(new IndexResult(indexed, failed));
    }

    /** A requested folder: the allowed root it is in (read only through handles) and the way down to it. */
    private record Confined(ConfinedFolder folder, Path realRoot, List<String> segments) {}

    private IndexResult readAndIngest(Confined target, List<ConfinedFolder.Entry> images) {
        long maxBytes = config.limits().maxImageBytes();
        List<Candidate> candidates = new ArrayList<>();
        List<Failure> unread = new ArrayList<>();
        for (ConfinedFolder.Entry image : images) {
            String name = image.name();
            try {
                // Opened again from the root, link by link refused: a swap since the listing cannot lead outside.
                byte[] bytes = target.folder().read(image, maxBytes);
                candidates.add(new Candidate(image.under(target.realRoot()).toString(), name, bytes));
            } catch (ConfinedFolder.TooLargeException e) {
                unread.add(new Failure(name, 413, "'" + name + "' has " + e.size() + " bytes, more than radio4j.limits.max-image-bytes = " + maxBytes));
            } catch (IOException e) {
                unread.add(new Failure(name, 422, "cannot read '" + name + "' without following links: " + e.getClass().getSimpleName()));
            }
        }
        return ingest(candidates, unread);
    }

    private static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && ImageIngestor.DEFAULT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The requested folder, refused unless inside an allowed root both before and after resolving links. */
    private Confined allowedFolder(String folder) {
        List<Path> roots = config.index().allowedRoots().orElse(List.of());
        if (roots.isEmpty()) {
            throw new ApiProblemException(403, "Server-side folders disabled",
                    "indexing server-side folders is off: radio4j.index.allowed-roots is empty; upload the files instead");
        }
        if (folder == null || folder.isBlank()) {
            throw ApiProblemException.badRequest("'folder' is required: an absolute path inside radio4j.index.allowed-roots");
        }
        Path requested;
        try {
            requested = Path.of(folder);
        } catch (InvalidPathException e) {
            throw ApiProblemException.unprocessable("'folder' is not a valid path");
        }
        if (!requested.isAbsolute()) {
            throw ApiProblemException.unprocessable("'folder' must be an absolute path, got '" + folder + "'");
        }
        Path normalized = requested.normalize();
        if (roots.stream().noneMatch(r -> normalized.startsWith(r.toAbsolutePath().normalize()))) {
            throw outsideRoots(folder);
        }
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (IOException e) {
            throw ApiProblemException.unprocessable("'" + folder + "' does not exist or cannot be read");
        }
        // A link inside a root may point anywhere: compare the resolved path with the resolved roots.
        if (roots.stream().map(ImageIndexService::realOrNull).noneMatch(r -> r != null && real.startsWith(r))) {
            throw outsideRoots(folder);
        }
        if (!Files.isDirectory(real)) {
            throw ApiProblemException.unprocessable("'" + folder + "' is not a folder");
        }
        Path root = roots.stream().map(r -> r.toAbsolutePath().normalize()).filter(normalized::startsWith)
                .max(java.util.Comparator.comparingInt(Path::getNameCount)).orElseThrow(() -> outsideRoots(folder));
        Path realRoot = realOrNull(root);
        if (realRoot == null) {
            throw outsideRoots(folder);
        }
        List<String> segments = new ArrayList<>();
        root.relativize(normalized).forEach(part -> {
            if (!part.toString().isEmpty()) {
                segments.add(part.toString());
            }
        });
        return new Confined(new ConfinedFolder(root), realRoot, segments);
    }

    private static Path realOrNull(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static ApiProblemException outsideRoots(String folder) {
        return new ApiProblemException(403, "Folder not allowed", "'" + folder + "' is outside radio4j.index.allowed-roots");
    }

    private void checkFileCount(int count) {
        if (count == 0) {
            throw ApiProblemException.badRequest("no image files given (multipart part 'file', or a folder holding images)");
        }
        int max = config.index().maxUploadFiles();
        if (count > max) {
            throw ApiProblemException.tooLarge("more than " + max + " images in one request (radio4j.index.max-upload-files)");
        }
    }

    private IndexResult ingest(List<Candidate> candidates, List<Failure> earlier) {
        List<String> ids = candidates.stream().map(c -> ImageIngestor.idOf(c.reference())).toList();
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
                failed.add(failure(c.fileName(), e));
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
            pending.put(c.reference(), new IndexedImage(id, c.fileName(), info.format().mimeType(), size.width(), size.height(),
                    c.bytes().length, IndexedImage.imageUrlOf(id)));
            byReference.put(c.reference(), c);
            sources.add(ImageSource.of(c.reference(), c.bytes(), Instant.now()));
        }
        if (!sources.isEmpty()) {
            removeForUpsert(replaced);
            IngestionReport report = ImageIngestor.builder().embeddingModel(model).embeddingStore(store)
                    .preprocessor(encoders.preprocessor())
                    .batchSize(config.limits().maxItemsPerCall())
                    .maxImageBytes(config.limits().maxImageBytes())
                    .build()
                    .ingest(sources);
            for (IngestionFailure f : report.failures()) {
                IndexedImage image = pending.remove(f.reference());
                Candidate c = byReference.get(f.reference());
                String name = c == null ? f.reference() : c.fileName();
                Failure failure = failure(name, f.cause() == null ? new IllegalStateException(f.message()) : f.cause());
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
        indexed.addAll(existing.stream().filter(e -> files.find(e.id()).isPresent()).toList());
        registry.counter("radio4j_index_images", "outcome", "indexed").increment(indexed.size());
        failed.forEach(f -> registry.counter("radio4j_index_images", "outcome", "failed_" + f.status()).increment());
        return new IndexResult(indexed, failed);
    }

    /** The result, or, when nothing was indexed, the first failure as the request's problem. */
    private static IndexResult requireSome(IndexResult result) {
        if (result.indexed().isEmpty() && !result.failed().isEmpty()) {
            Failure first = result.failed().getFirst();
            throw new ApiProblemException(first.status(), first.status() == 503 ? "Backend unavailable" : "Image not indexed",
                    "'" + first.fileName() + "': " + first.detail()
                            + (result.failed().size() > 1 ? " (" + result.failed().size() + " files failed)" : ""));
        }
        return result;
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

    /** The HTTP status and words of one image's failure, as the problem mapper would answer it alone. */
    static Failure failure(String fileName, Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            switch (cause) {
                case ApiProblemException p -> {
                    return new Failure(fileName, p.status(), p.detail());
                }
                case ImageException ie -> {
                    int status = switch (ie.reason()) {
                        case TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_MANY_FRAMES -> 413;
                        case UNSUPPORTED_FORMAT -> 415;
                        default -> 422;
                    };
                    return new Failure(fileName, status, ie.getMessage());
                }
                case BackendException be when be.reason() == BackendException.Reason.DEADLINE_EXCEEDED -> {
                    return new Failure(fileName, 504, "the inference backend did not answer within the deadline; retry later");
                }
                case BackendException be when be.reason() == BackendException.Reason.UNAVAILABLE
                        || be.reason() == BackendException.Reason.MODEL_NOT_FOUND -> {
                    return new Failure(fileName, 503, "the inference backend is not available; retry later");
                }
                case BatchException b when !b.failures().isEmpty() -> {
                    return failure(fileName, b.failures().firstEntry().getValue());
                }
                case RadioInputException ri -> {
                    return new Failure(fileName, 422, ri.getMessage());
                }
                case RetriableException r when !(r.getCause() instanceof RadioException) -> {
                    return new Failure(fileName, 503, "the inference backend is not available; retry later");
                }
                case InvalidRequestException ir when !(ir.getCause() instanceof RadioException) -> {
                    return new Failure(fileName, 422, ir.getMessage());
                }
                case LuceneEmbeddingStore.DimensionMismatchException dm -> {
                    return new Failure(fileName, 409, MODEL_CHANGED + " (" + dm.getMessage() + ")");
                }
                case IOException io when io.getMessage() != null && io.getMessage().contains("maxImageBytes") -> {
                    return new Failure(fileName, 413, io.getMessage().replace("maxImageBytes", "radio4j.limits.max-image-bytes"));
                }
                default -> { }
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return new Failure(fileName, 500, "the image could not be stored; see the service log");
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
        if (q == null || q.isBlank()) {
            throw ApiProblemException.badRequest("query parameter 'q' is required (the text to search for)");
        }
        int max = config.limits().maxTextChars();
        if (q.length() > max) {
            throw ApiProblemException.tooLarge("'q' has " + q.length() + " characters, more than radio4j.limits.max-text-chars = " + max);
        }
        ImageSearch search = search(k);
        return hits(call(() -> search.byText(q)));
    }

    /**
     * The {@code k} images most similar to an encoded image, best first.
     *
     * @throws ImageException if the image is unreadable or over the byte or pixel limits
     */
    @Limited
    public List<SearchHit> searchImage(byte[] image, Integer k) {
        requireEnabled();
        ImageInfo info = encoders.preprocessor().probe(image);
        ImageSearch search = search(k);
        return hits(call(() -> search.byImage(image, info.format().mimeType())));
    }

    private ImageSearch search(Integer k) {
        int n = k == null ? indexConfig.defaultResults() : k;
        if (n < 1 || n > indexConfig.maxResults()) {
            throw ApiProblemException.unprocessable("'k' must be within 1.." + indexConfig.maxResults()
                    + " (radio4j.index.max-results), got " + n);
        }
        return ImageSearch.builder().embeddingModel(model).embeddingStore(store).maxResults(n).build();
    }

    private List<SearchHit> hits(List<ImageMatch> matches) {
        // A vector whose image is not listed (deleted, or never acknowledged before a crash) is not a
        // result: search and listing agree. Such a vector is removed when no write holds its id.
        List<ImageMatch> listed = new ArrayList<>();
        for (ImageMatch m : matches) {
            if (files.find(m.embeddingId()).isPresent()) {
                listed.add(m);
            } else {
                removeOrphanVector(m.embeddingId());
            }
        }
        return listed.stream().map(m -> {
            String id = m.embeddingId();
            Optional<IndexedImage> stored = files.find(id);
            String name = stored.map(IndexedImage::fileName).orElseGet(() -> lastSegment(m.reference()));
            Integer width = m.width() != null ? m.width() : stored.map(IndexedImage::width).orElse(null);
            Integer height = m.height() != null ? m.height() : stored.map(IndexedImage::height).orElse(null);
            return new SearchHit(id, m.score(), name, width, height, IndexedImage.imageUrlOf(id));
        }).toList();
    }

    private static String lastSegment(String reference) {
        int slash = Math.max(reference.lastIndexOf('/'), reference.lastIndexOf('\\'));
        return reference.substring(slash + 1);
    }

    // LangChain4j wraps radio-core's errors; the service's problem mapper knows radio-core's types.
    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (LuceneEmbeddingStore.DimensionMismatchException e) {
            throw new ApiProblemException(409, "Index built with another model", MODEL_CHANGED + " (" + e.getMessage() + ")");
        } catch (LangChain4jException e) {
            if (e.getCause() instanceof RadioException radio) {
                throw radio;
            }
            Failure f = failure("query", e);
            throw new ApiProblemException(f.status(), f.status() == 503 ? "Backend unavailable" : "Invalid query", f.detail());
        }
    }

    /** Every listed image, by file name. */
    public List<IndexedImage> list() {
        requireEnabled();
        return files.list();
    }

    /** The description of an indexed image. @throws ApiProblemException 404 if there is none */
    public IndexedImage find(String id) {
        requireEnabled();
        return files.find(id).orElseThrow(() -> notFound(id));
    }

    /** The stored bytes of an indexed image. @throws ApiProblemException 404 if there is none */
    public byte[] imageBytes(String id) {
        requireEnabled();
        return files.bytes(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Removes an image: its vector (committed) first, then its files.
     *
     * @throws ApiProblemException 404 if there is no such image
     */
    public void delete(String id) {
        requireEnabled();
        if (!ImageFileStore.isValidId(id)) {
            throw notFound(id);
        }
        try (IdLocks.Held held = locks.lock(List.of(id))) {
            // Unlisted first, which also hides it from search at once; a crash before the vector
            // goes leaves an orphan vector that search skips and the next search or start removes.
            if (!files.delete(id)) {
                throw notFound(id);
            }
            store.remove(id);
            hashes.forget(id);
        }
    }

    private void removeOrphanVector(String id) {
        if (!ImageFileStore.isValidId(id)) {
            return;
        }
        IdLocks.Held held = locks.tryLock(id);
        if (held == null) {
            return; // a write of this id is under way: it decides
        }
        try (held) {
            if (files.find(id).isEmpty()) {
                store.remove(id);
            }
        } catch (RuntimeException e) {
            LOG.debugf("orphan vector %s not removed: %s", id, e.getMessage());
        }
    }

    /** Removes what a crash left behind (temporary files, undescribed bytes, their vectors) before serving. */
    void sweep(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        if (!config.index().enabled()) {
            return;
        }
        List<String> orphans = files.sweep();
        for (String id : orphans) {
            try {
                store.remove(id);
            } catch (RuntimeException e) {
                LOG.debugf("vector %s not removed: %s", id, e.getMessage());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.infof("image index: removed %d entries a crash left incomplete", orphans.size());
        }
    }

    private static ApiProblemException notFound(String id) {
        return new ApiProblemException(404, "Not found", "no indexed image with id '" + id + "'");
    }

    private void requireEnabled() {
        if (!config.index().enabled()) {
            throw new ApiProblemException(404, "Index disabled", "the image index is off (radio4j.index.enabled=false)");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
