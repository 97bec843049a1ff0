package io.radio4j.langchain;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.Map;

/**
 * Puts provider-specific top-level request fields on a {@link ChatRequest}. LangChain4j core has no
 * provider-neutral way to carry them (1.19: only provider subclasses of
 * {@link ChatRequestParameters} do, such as {@code OpenAiChatRequestParameters.customParameters}),
 * so {@link VisionTokenBudget} writes them through this interface. The default writes OpenAI
 * custom parameters, which {@code langchain4j-open-ai} merges into the top level of the JSON body,
 * as vLLM's OpenAI-compatible server expects.
 */
@FunctionalInterface
public interface ChatParameterWriter {

    /**
     * A copy of {@code request} whose parameters also carry {@code fields}, merged with any the
     * request or the model's defaults already carry (a nested map is merged key by key, the new
     * value winning).
     *
     * @param request the request about to be sent
     * @param modelDefaults the target model's {@code defaultRequestParameters()}
     * @param fields top-level body fields to add
     */
    ChatRequest withFields(ChatRequest request, ChatRequestParameters modelDefaults, Map<String, Object> fields);
}
