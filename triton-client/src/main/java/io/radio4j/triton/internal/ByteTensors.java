package io.radio4j.triton.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The BYTES wire layout: each element is a 4-byte little-endian unsigned length followed by that
 * many bytes, no terminator (Triton {@code docs/protocol/extension_binary_data.md}).
 */
public final class ByteTensors {
    private ByteTensors() {}

    /** Serializes elements into one little-endian buffer. */
    public static ByteBuffer encode(List<byte[]> elements) {
        long total = 0;
        for (byte[] element : elements) {
            if (element == null) {
                throw new IllegalArgumentException("BYTES element is null");
            }
            total += 4L + element.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("BYTES tensor of " + total + " bytes exceeds 2 GiB");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            buffer.putInt(element.length);
            buffer.put(element);
        }
        return buffer.flip();
    }

    /**
     * Counts the elements of a serialized BYTES tensor, checking every length prefix.
     *
     * @throws IllegalArgumentException if a length prefix is cut short or points past the end
     */
    public static long count(ByteBuffer data) {
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long count = 0;
        while (view.hasRemaining()) {
            if (view.remaining() < 4) {
                throw new IllegalArgumentException(
                        "incomplete BYTES length prefix: " + view.remaining() + " byte(s) left at element " + count);
            }
            long length = Integer.toUnsignedLong(view.getInt());
            if (length > view.remaining()) {
                throw new IllegalArgumentException("BYTES element " + count + " declares " + length + " bytes but only "
                        + view.remaining() + " remain");
            }
            view.position(view.position() + (int) length);
            count++;
        }
        return count;
    }

    /** Splits a serialized BYTES tensor into its elements (copies). */
    public static List<byte[]> decode(ByteBuffer data) {
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> elements = new ArrayList<>();
        while (view.hasRemaining()) {
            if (view.remaining() < 4) {
                throw new IllegalArgumentException("incomplete BYTES length prefix at element " + elements.size());
            }
            long length = Integer.toUnsignedLong(view.getInt());
            if (length > view.remaining()) {
                throw new IllegalArgumentException("BYTES element " + elements.size() + " declares " + length
                        + " bytes but only " + view.remaining() + " remain");
            }
            byte[] element = new byte[(int) length];
            view.get(element);
            elements.add(element);
        }
        return elements;
    }
}
