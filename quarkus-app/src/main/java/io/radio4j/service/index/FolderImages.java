package io.radio4j.service.index;

import io.radio4j.service.index.internal.ConfinedFolder;
import io.radio4j.service.index.internal.FolderPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The images of a server-side folder that the {@link FolderPolicy} allowed, listed (sorted, within
 * {@code radio4j.index.max-upload-files}) but not read yet, cut into the batches they are embedded
 * in ({@code radio4j.limits.max-items-per-call} files each). Made by
 * {@link ImageIndexService#listFolder}; each {@link Batch} is indexed by
 * {@link ImageIndexService#indexFolderBatch}, so a caller can tell every file's outcome as soon as
 * its batch is done. Immutable and thread-safe.
 */
public final class FolderImages {

    private final String folder;
    private final List<String> fileNames;
    private final List<Batch> batches;

    FolderImages(String folder, FolderPolicy.AllowedFolder target, List<ConfinedFolder.Entry> entries, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.fileNames = entries.stream().map(ConfinedFolder.Entry::name).toList();
        List<Batch> cut = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += batchSize) {
            cut.add(new Batch(target, from, entries.subList(from, Math.min(entries.size(), from + batchSize))));
        }
        this.batches = List.copyOf(cut);
    }

    /** The folder as it was requested. */
    public String folder() {
        return folder;
    }

    /** Each image's file name (its last path segment), in listing order. */
    public List<String> fileNames() {
        return fileNames;
    }

    /** How many images were listed. */
    public int size() {
        return fileNames.size();
    }

    /** The batches, in listing order; together they hold every listed image once. */
    public List<Batch> batches() {
        return batches;
    }

    /** Consecutive images of a listed folder, embedded together. */
    public static final class Batch {

        private final FolderPolicy.AllowedFolder target;
        private final int from;
        private final List<ConfinedFolder.Entry> entries;

        private Batch(FolderPolicy.AllowedFolder target, int from, List<ConfinedFolder.Entry> entries) {
            this.target = target;
            this.from = from;
            this.entries = List.copyOf(entries);
        }

        /** The position of its first image in {@link FolderImages#fileNames()}. */
        public int from() {
            return from;
        }

        /** How many images it holds. */
        public int size() {
            return entries.size();
        }

        FolderPolicy.AllowedFolder target() {
            return target;
        }

        List<ConfinedFolder.Entry> entries() {
            return entries;
        }
    }
}
