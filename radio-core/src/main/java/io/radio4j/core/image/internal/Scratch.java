package io.radio4j.core.image.internal;

/**
 * Reusable per-thread working arrays for one preprocessing call at a time: the decoded image, the
 * resize intermediate and the SIMD strip, so steady-state preprocessing of same-sized images makes
 * no large garbage. Arrays above {@link #MAX_POOLED_BYTES} are allocated and dropped instead, so a
 * thread never keeps more than a few tens of MB alive. Not thread-safe: one per thread.
 */
public final class Scratch {

    /** Largest array kept for reuse: 32 MiB (a 12-megapixel RGB image). */
    static final int MAX_POOLED_BYTES = 32 << 20;

    /** No pooling: every request allocates. */
    public static final Scratch NONE = new Scratch(false);

    private final boolean pooling;
    private byte[] decoded = new byte[0];
    private byte[] intermediate = new byte[0];
    private byte[] strip = new byte[0];
    private byte[] output = new byte[0];

    private Scratch(boolean pooling) {
        this.pooling = pooling;
    }

    /** A pooling scratch for the calling thread's exclusive use. */
    public static Scratch create() {
        return new Scratch(true);
    }

    /** An array of at least {@code n} bytes for a decoded image. Contents are undefined. */
    byte[] decoded(int n) {
        if (!pooling || n > MAX_POOLED_BYTES) {
            return new byte[n];
        }
        if (decoded.length < n) {
            decoded = new byte[n];
        }
        return decoded;
    }

    /** An array of at least {@code n} bytes for the horizontal pass output. */
    byte[] intermediate(int n) {
        if (!pooling || n > MAX_POOLED_BYTES) {
            return new byte[n];
        }
        if (intermediate.length < n) {
            intermediate = new byte[n];
        }
        return intermediate;
    }

    /** An array of at least {@code n} bytes for a UINT8 result on its way into another layout. */
    byte[] output(int n) {
        if (!pooling || n > MAX_POOLED_BYTES) {
            return new byte[n];
        }
        if (output.length < n) {
            output = new byte[n];
        }
        return output;
    }

    /** An array of at least {@code n} bytes for the SIMD row strip. */
    byte[] strip(int n) {
        if (!pooling || n > MAX_POOLED_BYTES) {
            return new byte[n];
        }
        if (strip.length < n) {
            strip = new byte[n];
        }
        return strip;
    }
}
