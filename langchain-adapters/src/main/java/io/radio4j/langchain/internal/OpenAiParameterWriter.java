package io.radio4j.langchain.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.radio4j.langchain.ChatParameterWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes fields as {@link OpenAiChatRequestParameters#customParameters()}. Loaded only when
 * {@code langchain4j-open-ai} is on the classpath (it is an optional dependency).
 *
 * <p>The merge is done here because LangChain4j replaces a custom-parameter map as a whole: a
 * request's map would otherwise drop the model's configured custom parameters.
 */
public final class OpenAiParameterWriter implements ChatParameterWriter {

    /** The class whose presence selects this writer. */
    public static final String MARKER_CLASS = "dev.langchain4j.model.openai.OpenAiChatRequestParameters";

    @Override
    public ChatRequest withFields(
            ChatRequest request, ChatRequestParameters modelDefaults, Map<String, Object> fields) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (modelDefaults instanceof OpenAiChatRequestParameters d && d.customParameters() != null) {
            merge(merged, d.customParameters());
        }
        if (request.parameters() instanceof OpenAiChatRequestParameters r && r.customParameters() != null) {
            merge(merged, r.customParameters());
        }
        merge(merged, fields);
        OpenAiChatRequestParameters parameters = OpenAiChatRequestParameters.builder()
                .overrideWith(request.parameters())
                .customParameters(merged)
                .build();
        return request.toBuilder().parameters(parameters).build();
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object old = into.get(e.getKey());
            if (old instanceof Map<?, ?> oldMap && e.getValue() instanceof Map<?, ?> newMap) {
                Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) oldMap);
                merge(nested, (Map<String, Object>) newMap);
                into.put(e.getKey(), nested);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}
