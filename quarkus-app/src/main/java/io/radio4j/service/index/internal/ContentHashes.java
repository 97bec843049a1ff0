package io.radio4j.service.index.internal;

import io.radio4j.service.index.IndexedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Which indexed image holds given bytes, by SHA-256, so the same picture indexed twice (uploaded
 * under another name, or uploaded and then found in a folder) is answered with the id it already
 * has instead of a second entry. Built on first use by hashing the stored images once, then kept
 * up to date by the index. Thread-safe.
 */
public final class ContentHashes {

    private Map<String, String> idByHash;
    private final Map<String, String> hashById = new HashMap<>();

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The listed image whose bytes have this hash, if any. */
    public synchronized Optional<IndexedImage> find(String hash, ImageFileStore files) {
        if (idByHash == null) {
            idByHash = new HashMap<>();
            for (IndexedImage image : files.list()) {
                files.bytes(image.id()).ifPresent(b -> remember(sha256(b), image.id()));
            }
        }
        String id = idByHash.get(hash);
        return id == null ? Optional.empty() : files.find(id);
    }

    /** Records that {@code id} now holds bytes of this hash. */
    public synchronized void record(String hash, String id) {
        if (idByHash != null) {
            forget(id);
            remember(hash, id);
        }
    }

    /** Forgets {@code id} (deleted or replaced). */
    public synchronized void forget(String id) {
        String hash = hashById.remove(id);
        if (hash != null && idByHash != null && id.equals(idByHash.get(hash))) {
            idByHash.remove(hash);
        }
    }

    private void remember(String hash, String id) {
        idByHash.putIfAbsent(hash, id);
        hashById.put(id, hash);
    }
}
