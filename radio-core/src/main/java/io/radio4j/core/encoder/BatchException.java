package io.radio4j.core.encoder;

import io.radio4j.core.RadioException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Some items of a list call failed. Lists are split into batches of at most the model's
 * {@code max_batch_size} that run concurrently; when a batch fails (the backend refuses it or is
 * down) or a single item fails (an image that cannot be decoded, an empty text), only those items
 * fail. This exception lists each failed index with its own cause and still carries the results of
 * every item that succeeded, in input order, so a caller can keep them and retry the rest.
 *
 * <p>{@link #isRetryable()} is true when every failure is retryable. The first failure is also
 * the {@linkplain #getCause() cause}.
 */
public class BatchException extends RadioException {

    // Transient: exceptions are serializable, the partial results (float arrays, records) need not be.
    private final transient SortedMap<Integer, RadioException> failures;
    private final transient List<Object> results;

    /**
     * @param itemCount items in the call
     * @param failures failed indices and their causes (not empty)
     * @param results every item's result in input order, {@code null} where it failed
     */
    public BatchException(int itemCount, Map<Integer, RadioException> failures, List<?> results) {
        super(
                message(itemCount, failures),
                failures.values().iterator().next(),
                failures.values().stream().allMatch(RadioException::isRetryable));
        this.failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
    }

    private static String message(int itemCount, Map<Integer, RadioException> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a BatchException needs at least one failure");
        }
        TreeMap<Integer, RadioException> sorted = new TreeMap<>(failures);
        StringBuilder b = new StringBuilder()
                .append(sorted.size())
                .append(" of ")
                .append(itemCount)
                .append(" items failed: ");
        int shown = 0;
        for (var e : sorted.entrySet()) {
            if (shown++ == 5) {
                b.append("; ...");
                break;
            }
            b.append(shown > 1 ? "; " : "")
                    .append('[')
                    .append(e.getKey())
                    .append("] ")
                    .append(e.getValue().getMessage());
        }
        return b.toString();
    }

    /** Failed indices (ascending) and the cause of each. */
    public SortedMap<Integer, RadioException> failures() {
        return failures;
    }

    /** The failed indices, ascending. */
    public List<Integer> failedIndices() {
        return List.copyOf(failures.keySet());
    }

    /**
     * Every item's result in input order, {@code null} at failed indices. The element type is the
     * one of the call that failed (e.g. {@code float[]} for embeddings).
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> partialResults() {
        return (List<T>) results;
    }
}
