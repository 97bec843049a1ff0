package io.radio4j.langchain.internal;

import dev.langchain4j.data.message.ImageContent;
import io.radio4j.langchain.RadioClipEmbeddingModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How both embedding models call their radio-core encoder: in consecutive slices of at most
 * {@code maxInputsPerCall} inputs, each slice retried by the {@link Retrier} (which also maps
 * radio-core errors to LangChain4j types). Images are resolved to bytes one slice at a time, so
 * memory holds one slice of encoded images, not the whole request. Thread-safe.
 *
 * @param sources where image bytes come from, with their limits
 * @param retrier retries of a retriable failure
 * @param maxInputsPerCall most inputs handed to the encoder at once
 */
public record EncoderCalls(ImageSources sources, Retrier retrier, int maxInputsPerCall) {

    public EncoderCalls {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(retrier, "retrier");
    }

    /**
     * From a model builder's optional settings; an unset one takes the {@code DEFAULT_*} constant
     * of {@link RadioClipEmbeddingModel}, which both models document as theirs.
     *
     * @param timeout the model's timeout, already defaulted; it also bounds image downloads
     * @throws IllegalArgumentException if a value is out of range
     */
    public static EncoderCalls of(Integer maxRetries, Duration retryDelay, Long maxImageBytes, Boolean allowFileUrls,
                                  Boolean allowRemoteImages, Duration timeout, int maxInputsPerCall) {
        return of(maxRetries, retryDelay, maxImageBytes, allowFileUrls, allowRemoteImages, timeout, maxInputsPerCall, null);
    }

    /** As above, with the fetcher of remote images (null: public addresses only, the default). */
    public static EncoderCalls of(Integer maxRetries, Duration retryDelay, Long maxImageBytes, Boolean allowFileUrls,
                                  Boolean allowRemoteImages, Duration timeout, int maxInputsPerCall,
                                  io.radio4j.core.net.RemoteImageFetcher fetcher) {
        Retrier retrier = new Retrier(maxRetries == null ? RadioClipEmbeddingModel.DEFAULT_MAX_RETRIES : maxRetries,
                retryDelay == null ? RadioClipEmbeddingModel.DEFAULT_RETRY_DELAY : retryDelay);
        ImageSources sources = new ImageSources(
                maxImageBytes == null ? RadioClipEmbeddingModel.DEFAULT_MAX_IMAGE_BYTES : maxImageBytes,
                allowFileUrls == null ? RadioClipEmbeddingModel.DEFAULT_ALLOW_FILE_URLS : allowFileUrls,
                allowRemoteImages == null ? RadioClipEmbeddingModel.DEFAULT_ALLOW_REMOTE_IMAGES : allowRemoteImages,
                timeout, fetcher);
        return new EncoderCalls(sources, retrier, maxInputsPerCall);
    }

    /** {@code encode} over the texts, slice by slice, results in input order. */
    public List<float[]> texts(List<String> texts, Function<List<String>, List<float[]>> encode) {
        return inSlices(texts, slice -> retrier.call(() -> encode.apply(slice)));
    }

    /**
     * {@code encode} over the images' bytes, slice by slice, results in input order. An image that
     * cannot be resolved fails the call with {@link ImageSources#bytes}'s exception, before its
     * slice is sent.
     */
    public List<float[]> images(List<ImageContent> images, Function<List<byte[]>, List<float[]>> encode) {
        return inSlices(images, slice -> {
            List<byte[]> bytes = slice.stream().map(sources::bytes).toList();
            return retrier.call(() -> encode.apply(bytes));
        });
    }

    private <T> List<float[]> inSlices(List<T> items, Function<List<T>, List<float[]>> call) {
        List<float[]> out = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += maxInputsPerCall) {
            out.addAll(call.apply(items.subList(from, Math.min(items.size(), from + maxInputsPerCall))));
        }
        return out;
    }
}
