package io.radio4j.triton.internal;

import java.util.Arrays;

/** Shape arithmetic shared by the value types; overflow is an error, never a wrapped count. */
public final class Shapes {
    private Shapes() {}

    /**
     * Number of elements of a concrete shape (product of dims; 1 for a scalar shape {@code []}).
     *
     * @throws IllegalArgumentException if a dimension is negative or the product overflows a long
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        "all dimensions must be specified (no -1) and non-negative, got " + format(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Triton's rendering of a shape, e.g. {@code [-1,3,224,224]}. */
    public static String format(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(shape[i]);
        }
        return text.append(']').toString();
    }

    /** A defensive copy that rejects null. */
    public static long[] copy(long[] shape, String what) {
        if (shape == null) {
            throw new IllegalArgumentException(what + " shape is null");
        }
        return Arrays.copyOf(shape, shape.length);
    }
}
