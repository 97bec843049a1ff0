package io.radio4j.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;

/** How float vectors go out: JSON arrays, or base64 of little-endian FP32 or FP16 (IEEE binary16). */
public final class Encodings {

    /** The accepted {@code encoding_format} values. */
    public enum Format {
        FLOAT,
        BASE64;

        /**
         * @throws ApiProblemException 422 for anything but {@code float} and {@code base64}
         */
        public static Format parse(String value, Format fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "float" -> FLOAT;
                case "base64" -> BASE64;
                default ->
                    throw ApiProblemException.unprocessable(
                            "encoding_format must be 'float' or 'base64', got '" + value + "'");
            };
        }
    }

    private Encodings() {}

    /** Base64 of the values as little-endian FP32 (what OpenAI clients decode). */
    public static String base64Fp32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** Base64 of the values as little-endian IEEE binary16, half the size of FP32. */
    public static String base64Fp16(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Float.floatToFloat16(v));
        }
        return Base64.getEncoder().encodeToString(b.array());
    }
}
