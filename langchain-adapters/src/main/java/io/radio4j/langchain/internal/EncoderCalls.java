package io.radio4j.langchain.internal;

import dev.langchain4j.data.message.ImageContent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How both embedding models call their radio-core encoder: in consecutive slices of at most
 * {@code maxItemsPerCall} inputs, each slice retried by the {@link Retrier} (which also maps
 * radio-core errors to LangChain4j types). Images are resolved to bytes one slice at a time, so
 * memory holds one slice of encoded images, not the whole request. Thread-safe.
 *
 * @param sources where image bytes come from, with their limits
 * @param retrier retries of a retriable failure
 * @param maxItemsPerCall most inputs handed to the encoder at once
 */
public record EncoderCalls(ImageSources sources, Retrier retrier, int maxItemsPerCall) {

    /** @throws IllegalArgumentException if {@code maxItemsPerCall} is below 1 */
    public EncoderCalls {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(retrier, "retrier");
        if (maxItemsPerCall < 1) {
            throw new IllegalArgumentException("maxItemsPerCall must be >= 1, got " + maxItemsPerCall);
        }
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
        for (int from = 0; from < items.size(); from += maxItemsPerCall) {
            out.addAll(call.apply(items.subList(from, Math.min(items.size(), from + maxItemsPerCall))));
        }
        return out;
    }
}
