package io.radio4j.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /v1/embeddings}, in the OpenAI / NV-CLIP shape.
 *
 * @param model {@code radio_clip} (default; texts and images in one space), a C-RADIOv4 model
 *     ({@code c_radio_v4_h}, {@code c_radio_v4_so400m}; images only, the summary vector), or an
 *     alias from {@code radio4j.openai.model-aliases} ({@code nvidia/nvclip} by default)
 * @param input one string or a list: texts, {@code data:image/...;base64,} URLs, or (when enabled)
 *     {@code http(s)} image URLs. Token ids (OpenAI's integer-array form) are refused with a 400:
 *     the service tokenizes texts itself, with the model's own tokenizer.
 * @param encodingFormat {@code float} (default) or {@code base64} (little-endian FP32, as OpenAI)
 * @param dimensions accepted only when it equals the model's own length: RADIO embeddings cannot be
 *     shortened (they are not trained Matryoshka-style), so any other value is a 400
 * @param user OpenAI's end-user tag; accepted and ignored
 */
public record EmbeddingsRequest(
        String model,

        @JsonDeserialize(using = EmbeddingsRequest.InputDeserializer.class)
        List<String> input,

        @JsonProperty("encoding_format") String encodingFormat,
        Integer dimensions,
        String user) {

    public EmbeddingsRequest {
        input = input == null ? null : Collections.unmodifiableList(new ArrayList<>(input));
    }

    /** A request without the optional OpenAI fields. */
    public EmbeddingsRequest(String model, List<String> input, String encodingFormat) {
        this(model, input, encodingFormat, null, null);
    }

    /**
     * Reads {@code input} as one string or a list of strings, and refuses token ids (a list of
     * integers, or a list of such lists) with a message that says so instead of Jackson's own.
     */
    public static final class InputDeserializer extends JsonDeserializer<List<String>> {

        private static final String TOKEN_IDS = "token-id input is not supported: send the texts themselves "
                + "(the service tokenizes with the model's own tokenizer) or data:image/...;base64, URLs";

        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                return List.of(p.getText());
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return ctxt.reportInputMismatch(List.class, TOKEN_IDS);
            }
            if (t != JsonToken.START_ARRAY) {
                return ctxt.reportInputMismatch(
                        List.class,
                        "'input' must be a string or a list of strings (texts or data:image/...;base64, URLs), got "
                                + kind(t));
            }
            List<String> out = new ArrayList<>();
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                switch (e) {
                    case VALUE_STRING -> out.add(p.getText());
                    case VALUE_NULL -> out.add(null);
                    case VALUE_NUMBER_INT, START_ARRAY -> {
                        return ctxt.reportInputMismatch(List.class, "input[" + out.size() + "]: " + TOKEN_IDS);
                    }
                    default -> {
                        return ctxt.reportInputMismatch(
                                List.class,
                                "input[" + out.size()
                                        + "] must be a string (a text or a data:image/...;base64, URL), got "
                                        + kind(e));
                    }
                }
            }
            return out;
        }

        /** A JSON token in plain words, never a Java type name. */
        private static String kind(JsonToken t) {
            return switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case START_OBJECT -> "an object";
                case VALUE_TRUE, VALUE_FALSE -> "true or false";
                case VALUE_NULL -> "null";
                default -> "something else";
            };
        }
    }
}
