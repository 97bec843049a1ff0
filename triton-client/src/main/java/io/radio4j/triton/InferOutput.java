package io.radio4j.triton;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.radio4j.triton.internal.ByteTensors;
import io.radio4j.triton.internal.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One output tensor of an inference response, with typed views of its little-endian bytes.
 *
 * <p>{@link #data()} is a read-only view of the received message (no copy); the {@code as...}
 * methods copy into Java arrays, converting where the conversion is exact or standard (FP16 and
 * BF16 widen to float). A view that does not fit the datatype throws {@link IllegalStateException}
 * naming both. Immutable and thread-safe.
 */
public final class InferOutput {
    private final String name;
    private final DataType dataType;
    private final long[] shape;
    private final ByteBuffer data;
    private final Map<String, Object> parameters;

    /**
     * An output tensor; the bytes are used in place (not copied).
     *
     * @param name output name
     * @param dataType element type
     * @param shape concrete shape
     * @param data little-endian row-major bytes (the buffer's remaining bytes)
     * @param parameters per-output parameters, or null for none
     * @throws IllegalArgumentException if an argument is null, or the bytes do not match shape and
     *     datatype (a malformed response)
     */
    public InferOutput(String name, DataType dataType, long[] shape, ByteBuffer data, Map<String, Object> parameters) {
        if (name == null || dataType == null || data == null) {
            throw new IllegalArgumentException("output name, datatype and data must be non-null");
        }
        this.name = name;
        this.dataType = dataType;
        this.shape = Shapes.copy(shape, "output '" + name + "'");
        // Kept writable inside (see wireBytes); callers only ever get read-only views.
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        long elements = Shapes.elementCount(this.shape);
        if (dataType.isFixedSize()) {
            if (elements * dataType.byteSize() != this.data.remaining()) {
                throw new IllegalArgumentException("output '" + name + "' " + dataType + " " + Shapes.format(this.shape)
                        + " needs " + elements * dataType.byteSize() + " bytes, got " + this.data.remaining());
            }
        } else if (ByteTensors.count(this.data) != elements) {
            throw new IllegalArgumentException("output '" + name + "' BYTES " + Shapes.format(this.shape)
                    + " does not hold " + elements + " elements");
        }
    }

    /** The output name. */
    public String name() {
        return name;
    }

    /** The element type. */
    public DataType dataType() {
        return dataType;
    }

    /** A copy of the shape (batch dimension included for batching models). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** Per-output parameters the server returned (e.g. for classification), possibly empty. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** Read-only little-endian view of the raw bytes, positioned at 0; no copy. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The bytes as a protobuf {@link ByteString} sharing this tensor's memory (no copy), for servers
     * building response messages. Protobuf copies read-only heap buffers when wrapping them, which is
     * why this exists beside {@link #data()}.
     */
    public ByteString wireBytes() {
        return UnsafeByteOperations.unsafeWrap(data.duplicate());
    }

    /**
     * Elements as floats: FP32 as is, FP16 via {@link Float#float16ToFloat}, BF16 by placing the 16
     * bits above 16 zero bits, FP64 narrowed.
     *
     * @throws IllegalStateException for any other datatype
     */
    public float[] asFloats() {
        int count = count();
        float[] values = new float[count];
        ByteBuffer view = data();
        switch (dataType) {
            case FP32 -> view.asFloatBuffer().get(values);
            case FP16 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = Float.float16ToFloat(view.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = Float.intBitsToFloat((view.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case FP64 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = (float) view.getDouble(8 * i);
                }
            }
            default -> throw wrongView("floats");
        }
        return values;
    }

    /**
     * Elements as doubles: any floating-point type, widened exactly.
     *
     * @throws IllegalStateException for an integer, BOOL or BYTES datatype
     */
    public double[] asDoubles() {
        if (dataType == DataType.FP64) {
            double[] values = new double[count()];
            data().asDoubleBuffer().get(values);
            return values;
        }
        if (dataType != DataType.FP32 && dataType != DataType.FP16 && dataType != DataType.BF16) {
            throw wrongView("doubles");
        }
        float[] floats = asFloats();
        double[] values = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            values[i] = floats[i];
        }
        return values;
    }

    /**
     * Elements as longs: every integer type, signed types sign-extended, unsigned ones zero-extended;
     * UINT64 values above {@link Long#MAX_VALUE} come back as their two's-complement bits.
     *
     * @throws IllegalStateException for floating-point, BOOL or BYTES
     */
    public long[] asLongs() {
        int count = count();
        long[] values = new long[count];
        ByteBuffer view = data();
        switch (dataType) {
            case INT64, UINT64 -> view.asLongBuffer().get(values);
            case INT32 -> {
                for (int i = 0; i < count; i++) values[i] = view.getInt(4 * i);
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++) values[i] = Integer.toUnsignedLong(view.getInt(4 * i));
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) values[i] = view.getShort(2 * i);
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) values[i] = view.getShort(2 * i) & 0xFFFF;
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) values[i] = view.get(i);
            }
            case UINT8 -> {
                for (int i = 0; i < count; i++) values[i] = view.get(i) & 0xFF;
            }
            default -> throw wrongView("longs");
        }
        return values;
    }

    /**
     * Elements as ints: INT32, and the 8- and 16-bit integer types widened.
     *
     * @throws IllegalStateException for INT64, UINT32, UINT64 (which may not fit) and non-integers
     */
    public int[] asInts() {
        switch (dataType) {
            case INT32 -> {
                int[] values = new int[count()];
                data().asIntBuffer().get(values);
                return values;
            }
            case INT16, UINT16, INT8, UINT8 -> {
                long[] longs = asLongs();
                int[] values = new int[longs.length];
                for (int i = 0; i < longs.length; i++) {
                    values[i] = (int) longs[i];
                }
                return values;
            }
            default -> throw wrongView("ints");
        }
    }

    /**
     * Elements of a one-byte type (UINT8, INT8, BOOL) as a byte array copy.
     *
     * @throws IllegalStateException for any other datatype
     */
    public byte[] asBytes() {
        if (dataType != DataType.UINT8 && dataType != DataType.INT8 && dataType != DataType.BOOL) {
            throw wrongView("bytes");
        }
        byte[] values = new byte[count()];
        data().get(values);
        return values;
    }

    /**
     * BOOL elements (any non-zero byte is true).
     *
     * @throws IllegalStateException for any other datatype
     */
    public boolean[] asBooleans() {
        if (dataType != DataType.BOOL) {
            throw wrongView("booleans");
        }
        byte[] bytes = asBytes();
        boolean[] values = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] != 0;
        }
        return values;
    }

    /**
     * Elements of a BYTES tensor, in row-major order (copies).
     *
     * @throws IllegalStateException for any other datatype
     */
    public List<byte[]> asByteElements() {
        if (dataType != DataType.BYTES) {
            throw wrongView("BYTES elements");
        }
        return ByteTensors.decode(data);
    }

    /**
     * Elements of a BYTES tensor decoded as UTF-8 (malformed sequences become U+FFFD).
     *
     * @throws IllegalStateException for any other datatype
     */
    public List<String> asStrings() {
        if (dataType != DataType.BYTES) {
            throw wrongView("strings");
        }
        List<byte[]> elements = ByteTensors.decode(data);
        List<String> strings = new ArrayList<>(elements.size());
        for (byte[] element : elements) {
            strings.add(new String(element, StandardCharsets.UTF_8));
        }
        return strings;
    }

    private int count() {
        long count = elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(
                    "output '" + name + "' has " + count + " elements, too many for a Java array");
        }
        return (int) count;
    }

    private IllegalStateException wrongView(String view) {
        return new IllegalStateException("output '" + name + "' is " + dataType + "; it cannot be read as " + view);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InferOutput that
                && name.equals(that.name)
                && dataType == that.dataType
                && Arrays.equals(shape, that.shape)
                && data.equals(that.data)
                && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "InferOutput[" + name + ", " + dataType + " " + Shapes.format(shape) + ", " + data.remaining()
                + " bytes]";
    }
}
