package io.radio4j.service.index.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.radio4j.service.index.IndexedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The encoded bytes of indexed images, one file per entry beside the vector index:
 * {@code <id>.img} and a small {@code <id>.json} describing it. Both are written to a temporary file,
 * fsynced and renamed, so a crash leaves either the old state or the new one. The description is
 * written last, after the vector is committed, and deleted first: an entry is listed only while its
 * bytes are there. Ids must be canonical UUIDs, so no id can name a path outside the folder.
 * Thread-safe (each id's files are replaced atomically).
 */
public final class ImageFileStore {

    /** What {@code <id>.json} holds. */
    record Description(String fileName, String mimeType, int width, int height, long bytes) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    /** @throws UncheckedIOException if the folder cannot be created */
    public ImageFileStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the image folder " + this.folder + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code id} is a canonical UUID, the only ids this store accepts. */
    public static boolean isValidId(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Stores the bytes of {@code id} durably (not yet listed: see {@link #describe}). */
    public void putBytes(String id, byte[] bytes) {
        writeAtomically(file(id, ".img"), bytes);
    }

    /** Makes {@code id} listed and servable, once its vector is committed. */
    public void describe(IndexedImage image) {
        try {
            byte[] json = JSON.writeValueAsBytes(
                    new Description(image.fileName(), image.mimeType(), image.width(), image.height(), image.bytes()));
            writeAtomically(file(image.id(), ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /** The description of {@code id}, if it is stored. */
    public Optional<IndexedImage> find(String id) {
        if (!isValidId(id)) {
            return Optional.empty();
        }
        try {
            Description d = JSON.readValue(Files.readAllBytes(file(id, ".json")), Description.class);
            return Optional.of(new IndexedImage(
                    id, d.fileName(), d.mimeType(), d.width(), d.height(), d.bytes(), IndexedImage.imageUrlOf(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the description of image " + id + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of {@code id}, if it is listed. */
    public Optional<byte[]> bytes(String id) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file(id, ".img")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every listed image, by file name then id. */
    public List<IndexedImage> list() {
        List<IndexedImage> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                find(name.substring(0, name.length() - ".json".length())).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the image folder " + folder + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(IndexedImage::fileName).thenComparing(IndexedImage::id));
        return all;
    }

    /** Deletes the files of {@code id}, description first; returns whether it was listed. */
    public boolean delete(String id) {
        if (!isValidId(id)) {
            return false;
        }
        try {
            boolean listed = Files.deleteIfExists(file(id, ".json"));
            Files.deleteIfExists(file(id, ".img"));
            return listed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete image " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a crash can leave behind, removed before the index serves: temporary files of
     * interrupted writes, bytes never described (their vector was never acknowledged) and
     * descriptions whose bytes are gone.
     *
     * @return the ids whose files were removed (their vectors, if any, must go too)
     */
    public List<String> sweep() {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path f : entries) {
                String name = f.getFileName().toString();
                if (name.contains(".tmp-")) {
                    Files.deleteIfExists(f);
                    continue;
                }
                boolean img = name.endsWith(".img");
                boolean json = name.endsWith(".json");
                if (!img && !json) {
                    continue;
                }
                String id = name.substring(0, name.length() - (img ? 4 : 5));
                if (!isValidId(id)) {
                    continue;
                }
                Path other = folder.resolve(id + (img ? ".json" : ".img"));
                if (!Files.exists(other)) {
                    Files.deleteIfExists(f);
                    removed.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep the image folder " + folder + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private Path file(String id, String suffix) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not an image id: " + id);
        }
        return folder.resolve(id + suffix);
    }

    private void writeAtomically(Path target, byte[] content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's own failure is what the caller needs to see
            }
            throw new UncheckedIOException(
                    "cannot write " + target.getFileName() + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    // The rename is durable only once the directory entry is on disk (POSIX); some file systems
    // cannot open a directory for syncing, and there the rename's own ordering is the best we get.
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not supported here (e.g. Windows)
        }
    }
}
