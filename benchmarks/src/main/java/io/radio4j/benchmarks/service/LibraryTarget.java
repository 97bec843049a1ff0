package io.radio4j.benchmarks.service;

import io.radio4j.benchmarks.loadgen.LoadTarget;
import io.radio4j.core.encoder.RadioClipEncoder;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The library side of the comparison: {@link RadioClipEncoder#embedImage(byte[])} on one JPEG,
 * called directly in the sender's thread (decode, preprocess, infer), the work the service does for
 * one {@code /v1/embeddings} image minus HTTP, JSON and base64.
 *
 * <p>Thread-safe, as the encoder is. Does not own the encoder: the caller closes it.
 */
final class LibraryTarget implements LoadTarget {

    private final RadioClipEncoder encoder;
    private final byte[] jpeg;

    LibraryTarget(RadioClipEncoder encoder, byte[] jpeg) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.jpeg = jpeg.clone();
    }

    /** Runs the embedding before returning: the load runner's senders block on it either way. */
    @Override
    public CompletableFuture<?> send() {
        try {
            return CompletableFuture.completedFuture(encoder.embedImage(jpeg));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int inferencesPerRequest() {
        return 1;
    }

    @Override
    public String description() {
        return "library RadioClipEncoder.embedImage, one " + jpeg.length + "-byte JPEG per call";
    }

    @Override
    public void close() {
        // the encoder is the caller's
    }
}
