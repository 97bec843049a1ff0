package io.radio4j.core.encoder;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * RADIO1D's answer for one image: the {@link #prefixCount()} prefix tokens (3 class tokens and 7
 * registers) and exactly the {@link #count()} nested visual tokens that were asked for, each of
 * {@link #dimension()} floats. The tokens are nested: the first k of an n-token answer are the
 * k-token answer.
 *
 * <p>Immutable and thread-safe; views are read-only and copies are new arrays.
 */
public final class VisualTokens {

    private final int prefixCount;
    private final int count;
    private final int dimension;
    private final float[] data;

    /**
     * @param prefixCount prefix tokens, at least 0
     * @param count visual tokens, at least 1
     * @param dimension floats per token, at least 1
     * @param data {@code (prefixCount + count) × dimension} floats, prefix first; copied
     * @throws IllegalArgumentException if a size is out of range or the array length does not match
     */
    public VisualTokens(int prefixCount, int count, int dimension, float[] data) {
        this(prefixCount, count, dimension, Objects.requireNonNull(data, "data").clone(), null);
    }

    // The unused last parameter only tells this owning constructor apart from the copying public one.
    private VisualTokens(int prefixCount, int count, int dimension, float[] owned, Void ownership) {
        if (prefixCount < 0 || count < 1 || dimension < 1) {
            throw new IllegalArgumentException("prefix >= 0, count >= 1 and dimension >= 1 required: " + prefixCount
                    + ", " + count + ", " + dimension);
        }
        if ((long) (prefixCount + count) * dimension != owned.length) {
            throw new IllegalArgumentException(
                    "expected " + (long) (prefixCount + count) * dimension + " floats, got " + owned.length);
        }
        this.prefixCount = prefixCount;
        this.count = count;
        this.dimension = dimension;
        this.data = owned;
    }

    /** Takes ownership of an array nobody else holds (no copy); for the encoders. */
    static VisualTokens wrap(int prefixCount, int count, int dimension, float[] owned) {
        return new VisualTokens(prefixCount, count, dimension, owned, null);
    }

    /** Visual tokens returned (the requested count). */
    public int count() {
        return count;
    }

    /** Prefix tokens before them (10 for RADIO1D-H). */
    public int prefixCount() {
        return prefixCount;
    }

    /** Floats per token (2560 for RADIO1D-H). */
    public int dimension() {
        return dimension;
    }

    /** The visual tokens, [count, dimension] row-major, read-only view. */
    public FloatBuffer tokens() {
        return FloatBuffer.wrap(data, prefixCount * dimension, count * dimension)
                .slice()
                .asReadOnlyBuffer();
    }

    /** The prefix tokens, [prefixCount, dimension] row-major, read-only view. */
    public FloatBuffer prefix() {
        return FloatBuffer.wrap(data, 0, prefixCount * dimension).slice().asReadOnlyBuffer();
    }

    /**
     * Visual token {@code i} as a new array.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < count()}
     */
    public float[] token(int i) {
        Objects.checkIndex(i, count);
        float[] out = new float[dimension];
        System.arraycopy(data, (prefixCount + i) * dimension, out, 0, dimension);
        return out;
    }

    /** The visual tokens as a new array, [count, dimension]. */
    public float[] toArray() {
        float[] out = new float[count * dimension];
        System.arraycopy(data, prefixCount * dimension, out, 0, out.length);
        return out;
    }

    /** Prefix and visual tokens as a new array, [prefixCount + count, dimension], as the model returns them. */
    public float[] toArrayWithPrefix() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "VisualTokens[" + count + " tokens + " + prefixCount + " prefix, dimension " + dimension + "]";
    }
}
