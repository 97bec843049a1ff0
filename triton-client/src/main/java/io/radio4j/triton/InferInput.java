package io.radio4j.triton;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.radio4j.triton.internal.ByteTensors;
import io.radio4j.triton.internal.Shapes;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One input tensor of an inference request: a name, a {@link DataType}, a concrete shape (batch
 * dimension included when the model batches) and its elements as little-endian, row-major bytes,
 * exactly as they travel in {@code raw_input_contents}.
 *
 * <p>The constructor checks that the bytes match the shape: {@code elements × byteSize} for fixed
 * size types, and for BYTES that the length prefixes parse into exactly {@code elements} elements.
 * Factories taking Java arrays copy them; factories taking a {@link ByteBuffer} do not copy (its
 * remaining bytes are used in place), so the caller must not change that buffer until the request
 * has been sent. A heap buffer then reaches the protocol message without any copy; a direct buffer
 * is copied once into the message, because protobuf-java only wraps array-backed buffers.
 *
 * <p>Immutable and thread-safe, as long as a wrapped buffer is left alone.
 *
 * @param name tensor name, as in the model's metadata
 * @param dataType element type
 * @param shape concrete shape, no -1
 * @param data little-endian row-major bytes; the accessor returns a read-only view
 */
public record InferInput(String name, DataType dataType, long[] shape, ByteBuffer data) {

    /**
     * Checks the tensor; see the class description.
     *
     * @throws IllegalArgumentException if an argument is null, the name blank, a dimension negative, or
     *     the byte count does not match the shape and datatype
     */
    public InferInput {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("input name is blank");
        }
        if (dataType == null) {
            throw new IllegalArgumentException("datatype of input '" + name + "' is null");
        }
        shape = Shapes.copy(shape, "input '" + name + "'");
        if (data == null) {
            throw new IllegalArgumentException("data of input '" + name + "' is null");
        }
        // Kept writable inside: protobuf copies a read-only heap buffer when wrapping it, so the
        // read-only view is made only where callers see the bytes (data()).
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long elements = elementCountOf(name, shape);
        if (dataType.isFixedSize()) {
            long expected = elements * dataType.byteSize();
            if (expected != data.remaining()) {
                throw new IllegalArgumentException("input byte size mismatch for input '" + name + "'. Expected "
                        + expected + ", got " + data.remaining() + " (" + dataType + " " + Shapes.format(shape) + ")");
            }
        } else {
            long actual;
            try {
                actual = ByteTensors.count(data);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "malformed BYTES data for input '" + name + "': " + e.getMessage(), e);
            }
            if (actual != elements) {
                throw new IllegalArgumentException("expected " + elements + " string elements for input '" + name
                        + "' of shape " + Shapes.format(shape) + ", got " + actual);
            }
        }
    }

    private static long elementCountOf(String name, long[] shape) {
        try {
            return Shapes.elementCount(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "All input dimensions should be specified for input '" + name + "', got " + Shapes.format(shape),
                    e);
        }
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only little-endian view of the bytes, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The bytes as a protobuf {@link ByteString} for building protocol messages: sharing this
     * tensor's memory when it is array-backed, a copy for a direct buffer (protobuf-java copies those).
     */
    public ByteString wireBytes() {
        return UnsafeByteOperations.unsafeWrap(data.duplicate());
    }

    /** Number of elements (product of the shape). */
    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** Size of the serialized tensor in bytes. */
    public int byteSize() {
        return data.remaining();
    }

    /**
     * A tensor whose bytes are already in wire layout. No copy: the buffer's remaining bytes are used.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static InferInput ofRaw(String name, DataType dataType, long[] shape, ByteBuffer littleEndianData) {
        return new InferInput(name, dataType, shape, littleEndianData);
    }

    /** An FP32 tensor (copies {@code values}). */
    public static InferInput ofFloats(String name, long[] shape, float[] values) {
        return copied(
                name, DataType.FP32, shape, values, 4, b -> b.asFloatBuffer().put(values));
    }

    /**
     * An FP16 tensor from floats, converted with {@link Float#floatToFloat16} (round half to even,
     * as numpy's {@code astype(float16)}).
     */
    public static InferInput ofFloatsAsFp16(String name, long[] shape, float[] values) {
        return copied(name, DataType.FP16, shape, values, 2, b -> {
            for (int i = 0; i < values.length; i++) {
                b.putShort(2 * i, Float.floatToFloat16(values[i]));
            }
        });
    }

    /**
     * A BF16 tensor from floats: the upper 16 bits of each float32, truncated, as Triton's Python
     * client serializes BF16 ({@code serialize_bf16_tensor}).
     */
    public static InferInput ofFloatsAsBf16(String name, long[] shape, float[] values) {
        return copied(name, DataType.BF16, shape, values, 2, b -> {
            for (int i = 0; i < values.length; i++) {
                b.putShort(2 * i, (short) (Float.floatToRawIntBits(values[i]) >>> 16));
            }
        });
    }

    /** An FP64 tensor (copies {@code values}). */
    public static InferInput ofDoubles(String name, long[] shape, double[] values) {
        return copied(
                name, DataType.FP64, shape, values, 8, b -> b.asDoubleBuffer().put(values));
    }

    /** An INT64 tensor (copies {@code values}). */
    public static InferInput ofInt64(String name, long[] shape, long[] values) {
        return ofLongs(name, DataType.INT64, shape, values);
    }

    /** A UINT64 tensor; each long holds the unsigned value's bits. */
    public static InferInput ofUint64(String name, long[] shape, long[] values) {
        return ofLongs(name, DataType.UINT64, shape, values);
    }

    private static InferInput ofLongs(String name, DataType type, long[] shape, long[] values) {
        return copied(name, type, shape, values, 8, b -> b.asLongBuffer().put(values));
    }

    /** An INT32 tensor (copies {@code values}). */
    public static InferInput ofInt32(String name, long[] shape, int[] values) {
        return ofInts(name, DataType.INT32, shape, values);
    }

    /** A UINT32 tensor; each int holds the unsigned value's bits. */
    public static InferInput ofUint32(String name, long[] shape, int[] values) {
        return ofInts(name, DataType.UINT32, shape, values);
    }

    private static InferInput ofInts(String name, DataType type, long[] shape, int[] values) {
        return copied(name, type, shape, values, 4, b -> b.asIntBuffer().put(values));
    }

    /** An INT16 tensor (copies {@code values}). */
    public static InferInput ofInt16(String name, long[] shape, short[] values) {
        return ofShorts(name, DataType.INT16, shape, values);
    }

    /** A UINT16 tensor; each short holds the unsigned value's bits. */
    public static InferInput ofUint16(String name, long[] shape, short[] values) {
        return ofShorts(name, DataType.UINT16, shape, values);
    }

    private static InferInput ofShorts(String name, DataType type, long[] shape, short[] values) {
        return copied(name, type, shape, values, 2, b -> b.asShortBuffer().put(values));
    }

    /** A UINT8 tensor (copies {@code values}; Java's signed bytes carry the unsigned bits). */
    public static InferInput ofUint8(String name, long[] shape, byte[] values) {
        requireValues(name, values);
        return new InferInput(name, DataType.UINT8, shape, ByteBuffer.wrap(values.clone()));
    }

    /** A UINT8 tensor over the buffer's remaining bytes, without copying (e.g. an HWC image). */
    public static InferInput ofUint8(String name, long[] shape, ByteBuffer values) {
        return new InferInput(name, DataType.UINT8, shape, values);
    }

    /** An INT8 tensor (copies {@code values}). */
    public static InferInput ofInt8(String name, long[] shape, byte[] values) {
        requireValues(name, values);
        return new InferInput(name, DataType.INT8, shape, ByteBuffer.wrap(values.clone()));
    }

    /** A BOOL tensor, one byte (0 or 1) per element. */
    public static InferInput ofBools(String name, long[] shape, boolean[] values) {
        requireValues(name, values);
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return new InferInput(name, DataType.BOOL, shape, ByteBuffer.wrap(bytes));
    }

    /** A BYTES tensor; elements may be empty or hold any binary data. */
    public static InferInput ofBytes(String name, long[] shape, List<byte[]> elements) {
        if (elements == null) {
            throw new IllegalArgumentException("elements of input '" + name + "' are null");
        }
        return new InferInput(name, DataType.BYTES, shape, ByteTensors.encode(elements));
    }

    /** A BYTES tensor of UTF-8 encoded strings. */
    public static InferInput ofStrings(String name, long[] shape, List<String> strings) {
        if (strings == null) {
            throw new IllegalArgumentException("strings of input '" + name + "' are null");
        }
        List<byte[]> elements = new ArrayList<>(strings.size());
        for (String string : strings) {
            if (string == null) {
                throw new IllegalArgumentException("input '" + name + "' has a null string element");
            }
            elements.add(string.getBytes(StandardCharsets.UTF_8));
        }
        return ofBytes(name, shape, elements);
    }

    private static void requireValues(String name, Object values) {
        if (values == null) {
            throw new IllegalArgumentException("values of input '" + name + "' are null");
        }
    }

    /**
     * A tensor of the primitive array {@code values} ({@code elementBytes} each), which {@code write}
     * copies into a zeroed little-endian buffer of their size.
     */
    private static InferInput copied(
            String name, DataType type, long[] shape, Object values, int elementBytes, Consumer<ByteBuffer> write) {
        requireValues(name, values);
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(Array.getLength(values), elementBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        write.accept(buffer);
        return new InferInput(name, type, shape, buffer);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InferInput that
                && name.equals(that.name)
                && dataType == that.dataType
                && Arrays.equals(shape, that.shape)
                && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "InferInput[" + name + ", " + dataType + " " + Shapes.format(shape) + ", " + data.remaining()
                + " bytes]";
    }
}
