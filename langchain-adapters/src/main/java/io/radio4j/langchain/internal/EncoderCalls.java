package io.radio4j.langchain.internal;

import dev.langchain4j.data.message.ImageContent;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.RetryInterceptor;
import io.radio4j.langchain.RadioClipEmbeddingModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How both embedding models call their radio-core encoder: in consecutive slices of at most
 * {@code maxInputsPerCall} inputs, radio-core errors mapped to LangChain4j types by
 * {@link RadioExceptionMapper}. Images are resolved to bytes one slice at a time, so memory holds
 * one slice of encoded images, not the whole request. Retries are not made here but by the
 * backend chain {@link #retrying(InferenceBackend)} builds: per backend request, on UNAVAILABLE
 * only, within the call's deadline (the model's timeout). Thread-safe.
 *
 * @param sources where image bytes come from, with their limits
 * @param retry the retry of a backend request that found the backend unavailable
 * @param maxInputsPerCall most inputs handed to the encoder at once
 */
public record EncoderCalls(ImageSources sources, RetryInterceptor retry, int maxInputsPerCall) {

    public EncoderCalls {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(retry, "retry");
    }

    /**
     * From a model builder's optional settings; an unset one takes the {@code DEFAULT_*} constant
     * of {@link RadioClipEmbeddingModel}, which both models document as theirs.
     *
     * @param retryDelay upper bound of the first (jittered) wait, doubled for each further retry
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
        int retries = maxRetries == null ? RadioClipEmbeddingModel.DEFAULT_MAX_RETRIES : maxRetries;
        Duration delay = retryDelay == null ? RadioClipEmbeddingModel.DEFAULT_RETRY_DELAY : retryDelay;
        if (retries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + retries);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("retry delay must be >= 0, got " + delay);
        }
        RetryInterceptor retry = RetryInterceptor.builder().maxRetries(retries).initialBackoff(delay).multiplier(2)
                // The largest bound the doubling reaches, so the cap never shortens a configured wait.
                .maxBackoff(delay.multipliedBy(1L << Math.min(Math.max(retries - 1, 0), 20))).build();
        ImageSources sources = new ImageSources(
                maxImageBytes == null ? RadioClipEmbeddingModel.DEFAULT_MAX_IMAGE_BYTES : maxImageBytes,
                allowFileUrls == null ? RadioClipEmbeddingModel.DEFAULT_ALLOW_FILE_URLS : allowFileUrls,
                allowRemoteImages == null ? RadioClipEmbeddingModel.DEFAULT_ALLOW_REMOTE_IMAGES : allowRemoteImages,
                timeout, fetcher);
        return new EncoderCalls(sources, retry, maxInputsPerCall);
    }

    /**
     * The backend the encoder should call: {@code backend} behind a chain with this model's retry,
     * or {@code backend} itself when retries are off. The chain is not closed by the model (it
     * would close {@code backend}, whose owner decides).
     */
    public InferenceBackend retrying(InferenceBackend backend) {
        if (retry.maxRetries() == 0) {
            return backend;
        }
        return BackendChain.builder().backend(backend).interceptor(retry).build();
    }

    /** The action's result, its radio-core errors mapped to LangChain4j types. */
    public static <T> T mapped(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw RadioExceptionMapper.INSTANCE.mapException(e);
        }
    }

    /** {@code encode} over the texts, slice by slice, results in input order. */
    public List<float[]> texts(List<String> texts, Function<List<String>, List<float[]>> encode) {
        return inSlices(texts, slice -> mapped(() -> encode.apply(slice)));
    }

    /**
     * {@code encode} over the images' bytes, slice by slice, results in input order. An image that
     * cannot be resolved fails the call with {@link ImageSources#bytes}'s exception, before its
     * slice is sent.
     */
    public List<float[]> images(List<ImageContent> images, Function<List<byte[]>, List<float[]>> encode) {
        return inSlices(images, slice -> {
            List<byte[]> bytes = slice.stream().map(sources::bytes).toList();
            return mapped(() -> encode.apply(bytes));
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
