package io.radio4j.langchain;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.radio4j.core.image.ImageException;
import io.radio4j.core.image.ImageInfo;
import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ImageSize;
import io.radio4j.langchain.internal.RadioExceptionMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds images into any {@link EmbeddingStore}: a folder (recursive, glob filters), a list of
 * files, or arbitrary {@link ImageSource}s (streams, bytes, object-store keys).
 *
 * <pre>{@code
 * ImageIngestor ingestor = ImageIngestor.builder().embeddingModel(clip).embeddingStore(store).build();
 * IngestionReport report = ingestor.ingestFolder(Path.of("photos"));
 * report.failures().forEach(f -> log.warn("{}: {}", f.reference(), f.message()));
 * }</pre>
 *
 * <p>Each image is stored as an embedding with a {@link TextSegment} whose text is the image's
 * reference and whose metadata holds the {@link ImageMetadata} keys (path, width, height, media
 * type, content hash, modification time). Its id is derived from the reference (a name-based UUID),
 * so re-ingesting a changed file replaces its embedding where the store supports removal.
 *
 * <p><b>Unchanged files</b> are skipped: the SHA-256 of the bytes and the model's identity are
 * compared with the {@link IngestionLedger} entry of the same reference; a file embedded by another
 * model is embedded again. A persistent ledger ({@link IngestionLedger#file(Path)}) with an
 * {@code InMemoryEmbeddingStore} is refused at {@code build()}, since the store would forget what the
 * ledger remembers (unless {@link Builder#storeSurvivesRestarts(Boolean)} says it was loaded from a file). <b>Failures</b> (unreadable, too large, not
 * an image, corrupt, refused by the model, store errors) are collected per image in the
 * {@link IngestionReport}; the rest of the batch goes on. When a batch fails on an input error, its
 * images are embedded one at a time so only the bad ones fail; when it fails on a retriable error
 * (backend unavailable, timeout: after the model's own retries), all its images fail with it and
 * the next batch is tried. A progress callback runs after each batch;
 * an exception it throws stops the ingestion (a way to cancel) and reaches the caller.
 *
 * <p>Images are read {@link Builder#batchSize(Integer) batchSize} at a time, so memory holds one
 * batch of encoded images; each is bounded by {@link Builder#maxImageBytes(Long)}. Thread-safe if the
 * model, store and ledger are.
 */
public final class ImageIngestor {

    /** Default of {@link Builder#batchSize(Integer)}: images read and embedded together. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Default of {@link Builder#maxImageBytes(Long)}: radio-core's encoded-size limit (64 MiB). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = ImageLimits.DEFAULT_MAX_IMAGE_BYTES;
    /**
     * File extensions ingested from a folder when no include glob is given (matched
     * case-insensitively): the formats radio-core decodes.
     */
    public static final Set<String> DEFAULT_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");

    private static final Logger LOG = LoggerFactory.getLogger(ImageIngestor.class);

    private final EmbeddingModel model;
    private final EmbeddingStore<TextSegment> store;
    private final IngestionLedger ledger;
    private final String modelIdentity;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final long maxImageBytes;
    private final List<String> includeGlobs;
    private final List<String> excludeGlobs;
    private final boolean followLinks;
    private final Consumer<IngestionProgress> progress;

    private ImageIngestor(Builder b) {
        this.model = Objects.requireNonNull(b.model, "embeddingModel is required");
        this.store = Objects.requireNonNull(b.store, "embeddingStore is required");
        if (!model.supportedContentTypes().contains(ContentType.IMAGE)) {
            throw new IllegalArgumentException(
                    "embedding model " + model.getClass().getSimpleName() + " does not embed images (supported: "
                            + model.supportedContentTypes() + ")");
        }
        this.ledger = b.ledger == null ? IngestionLedger.inMemory() : b.ledger;
        if (ledger.persistent() && isInMemoryStore(store) && !Boolean.TRUE.equals(b.storeSurvivesRestarts)) {
            throw new IllegalArgumentException(
                    "a persistent ingestion ledger remembers what was stored across runs, but "
                            + store.getClass().getSimpleName()
                            + " forgets it when the process ends: on the next run every file "
                            + "would be skipped and every search would come back empty. Use a persistent embedding store, or "
                            + "IngestionLedger.inMemory(), or, for an in-memory store loaded from and saved to a file, "
                            + "builder().storeSurvivesRestarts(true)");
        }
        this.modelIdentity = b.modelIdentity != null ? b.modelIdentity : defaultModelIdentity(model);
        this.preprocessor = b.preprocessor == null ? ImagePreprocessor.builder().build() : b.preprocessor;
        this.batchSize = b.batchSize == null ? DEFAULT_BATCH_SIZE : b.batchSize;
        this.maxImageBytes = b.maxImageBytes == null ? DEFAULT_MAX_IMAGE_BYTES : b.maxImageBytes;
        if (batchSize < 1 || maxImageBytes < 1) {
            throw new IllegalArgumentException(
                    "batchSize and maxImageBytes must be >= 1, got " + batchSize + " and " + maxImageBytes);
        }
        this.includeGlobs = b.includeGlobs == null ? List.of() : List.copyOf(b.includeGlobs);
        this.excludeGlobs = b.excludeGlobs == null ? List.of() : List.copyOf(b.excludeGlobs);
        this.followLinks = Boolean.TRUE.equals(b.followLinks);
        this.progress = b.progress == null ? p -> {} : b.progress;
    }

    /** A builder; the embedding model and store are required. */
    public static Builder builder() {
        return new Builder();
    }

    private static boolean isInMemoryStore(EmbeddingStore<?> store) {
        return store.getClass().getName().equals("dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore");
    }

    /** {@code <model name>/<dimension>}: tells apart both other models and stand-ins of the same name. */
    private static String defaultModelIdentity(EmbeddingModel model) {
        return model.modelName() + "/" + model.dimension();
    }

    /** The model identity recorded in (and compared with) ledger entries. */
    public String modelIdentity() {
        return modelIdentity;
    }

    /** The ledger of what was stored, shared by every call of this ingestor. */
    public IngestionLedger ledger() {
        return ledger;
    }

    /**
     * Ingests every image under {@code root} whose path relative to it matches an include glob
     * (default: the {@link #DEFAULT_EXTENSIONS}) and no exclude glob, in path order. Folders that
     * cannot be listed are reported as failures.
     *
     * @throws IllegalArgumentException if {@code root} is not a directory
     */
    public IngestionReport ingestFolder(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        Path base = root.toAbsolutePath().normalize();
        List<PathMatcher> includes = includeGlobs.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
                .toList();
        List<PathMatcher> excludes = excludeGlobs.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
                .toList();
        List<Path> files = new ArrayList<>();
        List<IngestionFailure> walkFailures = new ArrayList<>();
        try {
            Files.walkFileTree(
                    base,
                    followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            Path relative = base.relativize(file);
                            if (attrs.isRegularFile() && selected(relative, includes, excludes)) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            walkFailures.add(
                                    new IngestionFailure(file.toString(), "cannot list or read: " + e.getMessage(), e));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            walkFailures.add(new IngestionFailure(base.toString(), "cannot walk folder: " + e.getMessage(), e));
        }
        files.sort(null);
        IngestionReport report = ingest(files.stream().map(ImageSource::of).toList());
        List<IngestionFailure> failures = new ArrayList<>(walkFailures);
        failures.addAll(report.failures());
        return new IngestionReport(report.added(), report.skipped(), failures);
    }

    private static boolean selected(Path relative, List<PathMatcher> includes, List<PathMatcher> excludes) {
        boolean included = includes.isEmpty()
                ? DEFAULT_EXTENSIONS.contains(extension(relative))
                : includes.stream().anyMatch(m -> m.matches(relative));
        return included && excludes.stream().noneMatch(m -> m.matches(relative));
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Ingests these files, referenced by absolute path, in the given order. */
    public IngestionReport ingestPaths(List<Path> files) {
        return ingest(files.stream().map(ImageSource::of).toList());
    }

    /** Ingests these sources in the given order. */
    public IngestionReport ingest(List<ImageSource> sources) {
        List<ImageSource> all = List.copyOf(sources);
        Counters counters = new Counters(all.size());
        for (int from = 0; from < all.size(); from += batchSize) {
            ingestBatch(all.subList(from, Math.min(all.size(), from + batchSize)), counters);
            progress.accept(counters.progress());
        }
        if (all.isEmpty()) {
            progress.accept(counters.progress());
        }
        return new IngestionReport(counters.added, counters.skipped, counters.failures);
    }

    private static final class Counters {
        final int total;
        int added;
        int skipped;
        final List<IngestionFailure> failures = new ArrayList<>();

        Counters(int total) {
            this.total = total;
        }

        void fail(String reference, Throwable e) {
            failures.add(new IngestionFailure(reference, String.valueOf(e.getMessage()), e));
        }

        IngestionProgress progress() {
            return new IngestionProgress(added + skipped + failures.size(), total, added, skipped, failures.size());
        }
    }

    /** An image read, hashed and probed, waiting for its embedding. */
    private record Prepared(
            ImageSource source, byte[] bytes, String hash, ImageInfo info, Optional<IngestionLedger.Entry> previous) {}

    private void ingestBatch(List<ImageSource> batch, Counters counters) {
        List<Prepared> prepared = new ArrayList<>(batch.size());
        for (ImageSource source : batch) {
            try {
                byte[] bytes = read(source);
                String hash = sha256(bytes);
                Optional<IngestionLedger.Entry> previous = ledger.get(source.reference());
                if (previous.isPresent()
                        && previous.get().contentHash().equals(hash)
                        && previous.get().model().equals(modelIdentity)) {
                    counters.skipped++;
                    continue;
                }
                prepared.add(new Prepared(source, bytes, hash, preprocessor.probe(bytes), previous));
            } catch (IOException | RuntimeException e) {
                counters.fail(source.reference(), e);
            }
        }
        if (prepared.isEmpty()) {
            return;
        }
        Map<Prepared, Embedding> embedded = embedIsolatingFailures(prepared, counters);
        List<Prepared> ok = prepared.stream().filter(embedded::containsKey).toList();
        if (ok.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(ok.size());
        List<Embedding> embeddings = new ArrayList<>(ok.size());
        List<TextSegment> segments = new ArrayList<>(ok.size());
        for (Prepared p : ok) {
            ids.add(idOf(p.source.reference()));
            embeddings.add(embedded.get(p));
            segments.add(TextSegment.from(p.source.reference(), metadata(p)));
        }
        try {
            removeOutdated(ok);
            store.addAll(ids, embeddings, segments);
        } catch (RuntimeException e) {
            ok.forEach(p -> counters.fail(
                    p.source.reference(), new IllegalStateException("store failed: " + e.getMessage(), e)));
            return;
        }
        for (int i = 0; i < ok.size(); i++) {
            String reference = ok.get(i).source.reference();
            try {
                ledger.put(reference, new IngestionLedger.Entry(ok.get(i).hash, ids.get(i), modelIdentity));
                counters.added++;
            } catch (RuntimeException e) {
                counters.fail(
                        reference,
                        new IllegalStateException(
                                "stored, but the ledger could not record it, so it will be "
                                        + "embedded again next time: " + e.getMessage(),
                                e));
            }
        }
    }

    private Map<Prepared, Embedding> embedIsolatingFailures(List<Prepared> prepared, Counters counters) {
        // Identity: two images with equal bytes are still two entries.
        Map<Prepared, Embedding> out = new IdentityHashMap<>();
        try {
            List<Embedding> all = embed(prepared);
            for (int i = 0; i < prepared.size(); i++) {
                out.put(prepared.get(i), all.get(i));
            }
            return out;
        } catch (RuntimeException batchError) {
            RuntimeException mapped = RadioExceptionMapper.INSTANCE.mapException(batchError);
            if (prepared.size() == 1 || mapped instanceof RetriableException) {
                // A backend that is down fails every image alike: retrying them one by one would only
                // multiply the waiting. Only input errors are worth isolating.
                prepared.forEach(p -> counters.fail(p.source.reference(), mapped));
                return out;
            }
            LOG.debug(
                    "batch of {} images failed ({}); embedding them one at a time",
                    prepared.size(),
                    batchError.getMessage());
        }
        for (Prepared p : prepared) {
            try {
                out.put(p, embed(List.of(p)).getFirst());
            } catch (RuntimeException e) {
                counters.fail(p.source.reference(), RadioExceptionMapper.INSTANCE.mapException(e));
            }
        }
        return out;
    }

    private List<Embedding> embed(List<Prepared> images) {
        List<EmbeddingInput> inputs = images.stream()
                .map(p -> EmbeddingInput.from(ImageContent.from(
                        Base64.getEncoder().encodeToString(p.bytes),
                        p.info.format().mimeType())))
                .toList();
        List<Embedding> embeddings =
                model.embed(EmbeddingRequest.builder().inputs(inputs).build()).embeddings();
        if (embeddings.size() != images.size()) {
            throw new IllegalStateException(
                    "the model returned " + embeddings.size() + " embeddings for " + images.size() + " images");
        }
        return embeddings;
    }

    private void removeOutdated(List<Prepared> ok) {
        List<String> outdated = ok.stream()
                .flatMap(p -> p.previous.stream())
                .map(IngestionLedger.Entry::embeddingId)
                .toList();
        if (outdated.isEmpty()) {
            return;
        }
        try {
            store.removeAll(outdated);
        } catch (UnsupportedFeatureException e) {
            // Stores that upsert by id replace the old entry anyway; the others keep a stale copy.
            LOG.warn(
                    "the embedding store cannot remove entries; {} changed image(s) may keep their old embedding",
                    outdated.size());
        }
    }

    private byte[] read(ImageSource source) throws IOException {
        try (InputStream in = source.opener().open()) {
            if (in == null) {
                throw new IOException("the opener of '" + source.reference() + "' returned no stream");
            }
            byte[] bytes = in.readNBytes((int) Math.min(maxImageBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxImageBytes) {
                // radio-core's own reason, so callers map it by type like a decoder's size refusal.
                throw new ImageException(
                        ImageException.Reason.TOO_MANY_BYTES,
                        "'" + source.reference() + "' has more than " + maxImageBytes
                                + " bytes (the ingestor's maxImageBytes)");
            }
            return bytes;
        }
    }

    private static Metadata metadata(Prepared p) {
        ImageSize size = p.info.orientedSize();
        Metadata m = new Metadata()
                .put(ImageMetadata.PATH, p.source.reference())
                .put(ImageMetadata.WIDTH, size.width())
                .put(ImageMetadata.HEIGHT, size.height())
                .put(ImageMetadata.MIME_TYPE, p.info.format().mimeType())
                .put(ImageMetadata.CONTENT_HASH, p.hash);
        if (p.source.modified() != null) {
            m.put(ImageMetadata.MODIFIED, p.source.modified().toEpochMilli());
        }
        return m;
    }

    /** The id an image's embedding is stored under: a name-based UUID of its reference. */
    public static String idOf(String reference) {
        return UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Builds an {@link ImageIngestor}; unset fields take the defaults named in their javadoc. Not thread-safe. */
    public static final class Builder {
        private EmbeddingModel model;
        private EmbeddingStore<TextSegment> store;
        private IngestionLedger ledger;
        private Boolean storeSurvivesRestarts;
        private String modelIdentity;
        private ImagePreprocessor preprocessor;
        private Integer batchSize;
        private Long maxImageBytes;
        private List<String> includeGlobs;
        private List<String> excludeGlobs;
        private Boolean followLinks;
        private Consumer<IngestionProgress> progress;

        private Builder() {}

        /** Required: a model that embeds images ({@link RadioClipEmbeddingModel}, {@link RadioImageEmbeddingModel}, ...). */
        public Builder embeddingModel(EmbeddingModel model) {
            this.model = model;
            return this;
        }

        /** Required: where embeddings go. */
        public Builder embeddingStore(EmbeddingStore<TextSegment> store) {
            this.store = store;
            return this;
        }

        /**
         * Says that the embedding store outlives the process although it is an
         * {@code InMemoryEmbeddingStore} (loaded with {@code fromFile} and saved with
         * {@code serializeToFile}), so a persistent ledger may describe it; default false.
         */
        public Builder storeSurvivesRestarts(Boolean storeSurvivesRestarts) {
            this.storeSurvivesRestarts = storeSurvivesRestarts;
            return this;
        }

        /**
         * The identity of the model recorded in the ledger; a file embedded under another identity
         * is embedded again. Default {@code modelName()/dimension()} of the embedding model; give
         * one with a version (e.g. {@code radio_clip@2025-10}) when a new model keeps its name and size.
         */
        public Builder modelIdentity(String modelIdentity) {
            this.modelIdentity = modelIdentity;
            return this;
        }

        /** What was already stored; default {@link IngestionLedger#inMemory()}. */
        public Builder ledger(IngestionLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** Reads image headers (size, format); default {@code ImagePreprocessor.builder().build()}. */
        public Builder preprocessor(ImagePreprocessor preprocessor) {
            this.preprocessor = preprocessor;
            return this;
        }

        /** Images read and embedded together; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Largest image file accepted, in bytes; default {@link #DEFAULT_MAX_IMAGE_BYTES}. */
        public Builder maxImageBytes(Long maxImageBytes) {
            this.maxImageBytes = maxImageBytes;
            return this;
        }

        /**
         * Globs ({@link java.nio.file.FileSystem#getPathMatcher} syntax) matched against paths
         * relative to the folder, e.g. {@code "**.png"} or {@code "2024/**"}; default: the
         * {@link #DEFAULT_EXTENSIONS}, case-insensitively.
         */
        public Builder includeGlobs(List<String> includeGlobs) {
            this.includeGlobs = includeGlobs;
            return this;
        }

        /** Globs of relative paths to leave out, e.g. {@code "**}{@code /thumbnails/**"}; default none. */
        public Builder excludeGlobs(List<String> excludeGlobs) {
            this.excludeGlobs = excludeGlobs;
            return this;
        }

        /** Whether folder walks follow symbolic links; default false. */
        public Builder followLinks(Boolean followLinks) {
            this.followLinks = followLinks;
            return this;
        }

        /** Called after each batch, on the ingesting thread; default none. */
        public Builder progress(Consumer<IngestionProgress> progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @throws NullPointerException if the model or store is missing
         * @throws IllegalArgumentException if the model does not embed images or a size is not positive
         */
        public ImageIngestor build() {
            return new ImageIngestor(this);
        }
    }
}
