package io.radio4j.langchain.store;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The binary form of one stored entry (id, vector, text segment with typed metadata) in the write-ahead log. */
final class TranslogCodec {

    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte FLOAT = 4;
    private static final byte DOUBLE = 5;
    private static final byte UUID_TYPE = 6;

    /** One decoded entry; {@code segment} may be null. */
    record Entry(String id, float[] vector, TextSegment segment) {}

    private TranslogCodec() {}

    static void writeEntry(DataOutputStream out, String id, float[] vector, TextSegment segment) throws IOException {
        writeString(out, id);
        out.writeInt(vector.length);
        for (float v : vector) {
            out.writeFloat(v);
        }
        out.writeBoolean(segment != null);
        if (segment == null) {
            return;
        }
        writeString(out, segment.text());
        Map<String, Object> metadata = segment.metadata().toMap();
        out.writeInt(metadata.size());
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            writeString(out, e.getKey());
            switch (e.getValue()) {
                case String v -> {
                    out.writeByte(STRING);
                    writeString(out, v);
                }
                case Integer v -> {
                    out.writeByte(INT);
                    out.writeInt(v);
                }
                case Long v -> {
                    out.writeByte(LONG);
                    out.writeLong(v);
                }
                case Float v -> {
                    out.writeByte(FLOAT);
                    out.writeFloat(v);
                }
                case Double v -> {
                    out.writeByte(DOUBLE);
                    out.writeDouble(v);
                }
                case UUID v -> {
                    out.writeByte(UUID_TYPE);
                    out.writeLong(v.getMostSignificantBits());
                    out.writeLong(v.getLeastSignificantBits());
                }
                default ->
                    throw new IllegalArgumentException("metadata '" + e.getKey() + "' has an unsupported type "
                            + e.getValue().getClass().getName());
            }
        }
    }

    static Entry readEntry(DataInputStream in) throws IOException {
        String id = readString(in);
        float[] vector = new float[in.readInt()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = in.readFloat();
        }
        if (!in.readBoolean()) {
            return new Entry(id, vector, null);
        }
        String text = readString(in);
        int n = in.readInt();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = readString(in);
            byte type = in.readByte();
            Object value = switch (type) {
                case STRING -> readString(in);
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case UUID_TYPE -> new UUID(in.readLong(), in.readLong());
                default -> throw new IOException("unknown metadata type " + type + " in the write-ahead log");
            };
            metadata.put(key, value);
        }
        return new Entry(id, vector, TextSegment.from(text, Metadata.from(metadata)));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a negative string length in the write-ahead log");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
