package io.radio4j.langchain.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.embedding.response.EmbeddingResponseMetadata;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code EmbeddingModel.embed(EmbeddingRequest)} does (merge default parameters, refuse
 * unsupported parameters and content types, notify listeners around {@code doEmbed}), written out
 * because the LangChain4j 1.19/1.20 default breaks on image-only inputs once a listener is attached:
 * it builds {@code TextSegment.from(input.text())} for the listener contexts, and an image-only
 * input's text is blank, which {@code TextSegment} refuses. Here the contexts' text segments hold
 * only the inputs that have text. LangChain4j's dispatcher is package-private, so listener calls
 * are made here, each isolated as LangChain4j does: a failing listener is logged, never thrown.
 */
public final class EmbeddingRequests {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingRequests.class);

    private EmbeddingRequests() {}

    /**
     * Validates {@code request} against {@code model}'s supported parameters and content types,
     * then runs {@code doEmbed} with the model's listeners around it.
     *
     * @throws UnsupportedFeatureException for a parameter or content type the model does not support
     */
    public static EmbeddingResponse embed(
            EmbeddingModel model,
            EmbeddingRequest request,
            List<EmbeddingModelListener> listeners,
            Function<EmbeddingRequest, EmbeddingResponse> doEmbed) {
        EmbeddingRequestParameters parameters = model.defaultRequestParameters().overrideWith(request.parameters());
        Set<EmbeddingParameter<?>> unsupported = new LinkedHashSet<>(parameters.presentParameters());
        unsupported.removeAll(model.supportedParameters());
        if (!unsupported.isEmpty()) {
            throw new UnsupportedFeatureException(
                    "EmbeddingModel '" + model.getClass().getName()
                            + "' does not support the per-call parameter(s) " + names(unsupported)
                            + "; supported: "
                            + (model.supportedParameters().isEmpty() ? "none" : names(model.supportedParameters())));
        }
        Set<ContentType> unsupportedTypes = new LinkedHashSet<>();
        request.inputs().forEach(input -> unsupportedTypes.addAll(input.contentTypes()));
        unsupportedTypes.removeAll(model.supportedContentTypes());
        if (!unsupportedTypes.isEmpty()) {
            throw new UnsupportedFeatureException(
                    "EmbeddingModel '" + model.getClass().getName()
                            + "' does not support the content type(s) " + unsupportedTypes
                            + "; supported: " + model.supportedContentTypes());
        }
        EmbeddingRequest finalRequest = EmbeddingRequest.builder()
                .inputs(request.inputs())
                .parameters(parameters)
                .build();
        if (listeners.isEmpty()) {
            return doEmbed.apply(finalRequest);
        }
        List<TextSegment> segments = finalRequest.inputs().stream()
                .map(EmbeddingInput::text)
                .filter(text -> !text.isBlank())
                .map(TextSegment::from)
                .toList();
        Map<Object, Object> attributes = new ConcurrentHashMap<>();
        EmbeddingModelRequestContext requestContext = EmbeddingModelRequestContext.builder()
                .textSegments(segments)
                .embeddingRequest(finalRequest)
                .embeddingModel(model)
                .attributes(attributes)
                .build();
        notify(listeners, l -> l.onRequest(requestContext));
        EmbeddingResponse response;
        try {
            response = doEmbed.apply(finalRequest);
        } catch (RuntimeException error) {
            EmbeddingModelErrorContext errorContext = EmbeddingModelErrorContext.builder()
                    .error(error)
                    .textSegments(segments)
                    .embeddingRequest(finalRequest)
                    .embeddingModel(model)
                    .attributes(attributes)
                    .build();
            notify(listeners, l -> l.onError(errorContext));
            throw error;
        }
        Response<List<Embedding>> legacy =
                Response.from(response.embeddings(), response.metadata().tokenUsage());
        EmbeddingModelResponseContext responseContext = EmbeddingModelResponseContext.builder()
                .embeddingRequest(finalRequest)
                .embeddingResponse(response)
                .response(legacy)
                .textSegments(segments)
                .embeddingModel(model)
                .attributes(attributes)
                .build();
        notify(listeners, l -> l.onResponse(responseContext));
        return response;
    }

    /** A response carrying the embeddings and, as metadata, the model's name. */
    public static EmbeddingResponse response(List<Embedding> embeddings, String modelName) {
        return response(embeddings, modelName, null);
    }

    /** The response with its model name and token usage (null when the model reads no tokens). */
    public static EmbeddingResponse response(List<Embedding> embeddings, String modelName, TokenUsage usage) {
        return EmbeddingResponse.builder()
                .embeddings(embeddings)
                .metadata(EmbeddingResponseMetadata.builder()
                        .modelName(modelName)
                        .tokenUsage(usage)
                        .build())
                .build();
    }

    private static void notify(List<EmbeddingModelListener> listeners, Consumer<EmbeddingModelListener> call) {
        for (EmbeddingModelListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Exception e) {
                LOG.warn("An exception occurred during the invocation of EmbeddingModelListener {}", listener, e);
            }
        }
    }

    private static String names(Set<EmbeddingParameter<?>> parameters) {
        return parameters.stream().map(EmbeddingParameter::name).collect(Collectors.joining(", "));
    }
}
