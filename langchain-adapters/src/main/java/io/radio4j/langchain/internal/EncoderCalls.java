package io.radio4j.langchain.internal;

import dev.langchain4j.data.message.ImageContent;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.RetryInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How both embedding models call their radio-core encoder: in consecutive slices of at most
 * {@code maxItemsPerCall} inputs, radio-core errors mapped to LangChain4j types by
 * {@link RadioExceptionMapper}. Images are resolved to bytes one slice at a time, so memory holds
 * one slice of encoded images, not the whole request. Retries are not made here but by the
 * backend chain {@link #retrying(InferenceBackend)} builds: per backend request, on UNAVAILABLE
 * only, within the call's deadline (the model's timeout). Thread-safe.
 *
 * @param sources where image bytes come from, with their limits
 * @param retry the retry of a backend request that found the backend unavailable
 * @param maxItemsPerCall most inputs handed to the encoder at once
 */
public record EncoderCalls(ImageSources sources, RetryInterceptor retry, int maxItemsPerCall) {

    /** @throws IllegalArgumentException if {@code maxItemsPerCall} is below 1 */
    public EncoderCalls {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(retry, "retry");
        if (maxItemsPerCall < 1) {
            throw new IllegalArgumentException("maxItemsPerCall must be >= 1, got " + maxItemsPerCall);
        }
    }

    /**
     * The retry of a model: up to {@code maxRetries} retries (0 turns them off), the first wait
     * drawn below {@code retryDelay}, the bound doubled for each further one.
     *
     * @throws IllegalArgumentException if {@code maxRetries} or {@code retryDelay} is negative
     */
    public static RetryInterceptor retry(int maxRetries, Duration retryDelay) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retry delay must be >= 0, got " + retryDelay);
        }
        return RetryInterceptor.builder()
                .maxRetries(maxRetries)
                .initialBackoff(retryDelay)
                .multiplier(2)
                // The largest bound the doubling reaches, so the cap never shortens a configured wait.
                .maxBackoff(retryDelay.multipliedBy(1L << Math.min(Math.max(maxRetries - 1, 0), 20)))
                .build();
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
        for (int from = 0; from < items.size(); from += maxItemsPerCall) {
            out.addAll(call.apply(items.subList(from, Math.min(items.size(), from + maxItemsPerCall))));
        }
        return out;
    }
}
