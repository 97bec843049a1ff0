package io.radio4j.langchain;

import io.radio4j.core.RadioSettings;
import io.radio4j.core.encoder.SharedEncoders;

/**
 * The LangChain4j embedding models an application framework gives its beans (the Quarkus and
 * Spring Boot modules do), over one {@link SharedEncoders}: the {@link RadioSettings} limits apply,
 * each call is bounded by the {@code radio4j.backend.deadline}, nothing is retried (the caller
 * decides), and image URLs are refused, {@code file:} and {@code http(s):} alike, because requests
 * may come from untrusted callers. Build your own with the model builders for other choices.
 *
 * <pre>{@code
 * SharedEncoders encoders = new SharedEncoders(backend, RadioSettings.DEFAULTS, null);
 * RadioClipEmbeddingModel clip = SharedEmbeddingModels.clip(encoders);
 * }</pre>
 */
public final class SharedEmbeddingModels {

    private SharedEmbeddingModels() {}

    /**
     * RADIO-CLIP (texts and images in one space) over the shared encoder, which it does not close:
     * the encoder's timeout and item limit apply, and the backend chain makes no retries.
     *
     * @throws IllegalStateException if the backend has no RADIO-CLIP tokenizer
     */
    public static RadioClipEmbeddingModel clip(SharedEncoders encoders) {
        RadioSettings.Limits limits = encoders.settings().limits();
        return RadioClipEmbeddingModel.builder()
                .encoder(encoders.clip())
                .maxImageBytes(limits.maxImageBytes())
                .allowFileUrls(false)
                .allowRemoteImages(false)
                .maxItemsPerCall(limits.maxItemsPerCall())
                .build();
    }

    /**
     * C-RADIOv4-H summaries (images only) on the shared backend, preprocessor and executor; its
     * {@code close()} leaves the backend open.
     */
    public static RadioImageEmbeddingModel image(SharedEncoders encoders) {
        RadioSettings settings = encoders.settings();
        RadioImageEmbeddingModel.Builder b = RadioImageEmbeddingModel.builder()
                .backend(encoders.backend())
                .preprocessor(encoders.preprocessor())
                .timeout(settings.backend().deadline())
                .maxRetries(0)
                .maxImageBytes(settings.limits().maxImageBytes())
                .allowFileUrls(false)
                .allowRemoteImages(false)
                .maxItemsPerCall(settings.limits().maxItemsPerCall());
        if (encoders.executor() != null) {
            b.executor(encoders.executor());
        }
        return b.build();
    }
}
