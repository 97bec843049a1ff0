package io.radio4j.langchain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One image to ingest: a reference that names it in the store (file path, URL, object key) and a
 * way to open its bytes.
 *
 * @param reference the name stored as the segment text and {@link ImageMetadata#PATH}; not blank
 * @param opener opens the encoded bytes; called once per ingestion
 * @param modified last modification time, or null when unknown
 */
public record ImageSource(String reference, Opener opener, Instant modified) {

    /** Opens an image's bytes; the ingestor closes the stream. */
    @FunctionalInterface
    public interface Opener {
        /** @throws IOException if the image cannot be read */
        InputStream open() throws IOException;
    }

    /** @throws IllegalArgumentException if the reference is blank */
    public ImageSource {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("an image source needs a non-blank reference");
        }
        Objects.requireNonNull(opener, "opener");
    }

    /** A file, referenced by its absolute normalised path; its modification time is read now (null if unreadable). */
    public static ImageSource of(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(absolute).toInstant();
        } catch (IOException e) {
            modified = null; // the read will fail with the real cause and be reported then
        }
        return new ImageSource(absolute.toString(), () -> Files.newInputStream(absolute), modified);
    }

    /** Bytes already in memory (copied). */
    public static ImageSource of(String reference, byte[] bytes, Instant modified) {
        byte[] copy = bytes.clone();
        return new ImageSource(reference, () -> new ByteArrayInputStream(copy), modified);
    }

    /**
     * A stream that can be read once; a second ingestion of this source fails with an
     * {@link IOException} instead of reading an exhausted stream as an empty image.
     */
    public static ImageSource of(String reference, InputStream stream) {
        Objects.requireNonNull(stream, "stream");
        AtomicBoolean used = new AtomicBoolean();
        return new ImageSource(
                reference,
                () -> {
                    if (used.getAndSet(true)) {
                        throw new IOException("the stream of '" + reference + "' was already consumed");
                    }
                    return stream;
                },
                null);
    }
}
