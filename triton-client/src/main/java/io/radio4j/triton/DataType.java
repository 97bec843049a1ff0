package io.radio4j.triton;

import java.util.Locale;

/**
 * Tensor element types of the KServe v2 protocol, with Triton's additions (BF16).
 *
 * <p>The protocol spells them as in {@link #wireName()} ({@code "FP32"}); Triton's model
 * configuration spells them {@code TYPE_FP32}, and calls BYTES {@code TYPE_STRING}. Both forms are
 * accepted by {@link #fromWireName(String)}. On the wire every element is little-endian; BOOL takes
 * one byte; BYTES elements are variable-length, each prefixed by its length as a 4-byte
 * little-endian unsigned integer (source: Triton {@code docs/protocol/extension_binary_data.md}).
 */
public enum DataType {
    /** Boolean, one byte per element (0 or 1). */
    BOOL(1),
    /** Unsigned 8-bit integer (image pixels). */
    UINT8(1),
    /** Unsigned 16-bit integer. */
    UINT16(2),
    /** Unsigned 32-bit integer. */
    UINT32(4),
    /** Unsigned 64-bit integer. */
    UINT64(8),
    /** Signed 8-bit integer. */
    INT8(1),
    /** Signed 16-bit integer. */
    INT16(2),
    /** Signed 32-bit integer. */
    INT32(4),
    /** Signed 64-bit integer (token ids). */
    INT64(8),
    /** IEEE 754 half precision; raw bytes only on the wire. */
    FP16(2),
    /** bfloat16 (upper half of a float32); raw bytes only on the wire. */
    BF16(2),
    /** IEEE 754 single precision. */
    FP32(4),
    /** IEEE 754 double precision. */
    FP64(8),
    /** Variable-length byte strings, each with a 4-byte little-endian length prefix; TYPE_STRING in configs. */
    BYTES(-1);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** The protocol name, e.g. {@code "FP32"} or {@code "BYTES"}. */
    public String wireName() {
        return name();
    }

    /** Bytes per element, or -1 for {@link #BYTES}, whose elements have variable length. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether elements have a fixed size ({@code byteSize() > 0}). */
    public boolean isFixedSize() {
        return byteSize > 0;
    }

    /** The model-configuration name, e.g. {@code "TYPE_FP32"}; BYTES is {@code "TYPE_STRING"}. */
    public String configName() {
        return this == BYTES ? "TYPE_STRING" : "TYPE_" + name();
    }

    /**
     * Parses a protocol name ({@code "FP32"}) or a model-configuration name ({@code "TYPE_FP32"},
     * {@code "TYPE_STRING"}), ignoring case.
     *
     * @throws IllegalArgumentException if {@code name} is null, empty or not a Triton datatype
     *     ({@code TYPE_INVALID} included)
     */
    public static DataType fromWireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("datatype is missing (null or empty)");
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("TYPE_")) {
            upper = upper.substring("TYPE_".length());
            if (upper.equals("STRING")) {
                return BYTES;
            }
        }
        for (DataType type : values()) {
            if (type.name().equals(upper)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown Triton datatype '" + name + "'");
    }
}
