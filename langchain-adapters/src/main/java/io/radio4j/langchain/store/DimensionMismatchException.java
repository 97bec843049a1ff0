package io.radio4j.langchain.store;

/**
 * A vector whose width differs from the one an embedding store holds: typically a store filled
 * with one model's embeddings and then written or searched with another model's. Thrown by
 * {@link LuceneEmbeddingStore} and by radio4j's Solr store alike, so a caller that only sees
 * LangChain4j's {@code EmbeddingStore} interface can tell this conflict from other failures by type.
 *
 * <p>Nothing was written when it is thrown. It extends {@link IllegalArgumentException} because the
 * argument (the vector) is what does not fit.
 */
public class DimensionMismatchException extends IllegalArgumentException {

    private final int expected;
    private final int actual;

    /**
     * @param what what had the wrong width, such as {@code "vector"} or {@code "query"}
     * @param actual its width
     * @param expected the store's width
     * @param why where the store's width comes from (for example "set by the stored entries"), or null
     */
    public DimensionMismatchException(String what, int actual, int expected, String why) {
        super(what + " dimension " + actual + " differs from the store's " + expected
                + (why == null ? "" : " (" + why + ")"));
        this.expected = expected;
        this.actual = actual;
    }

    /** The width of the vectors the store holds. */
    public int expected() {
        return expected;
    }

    /** The width of the refused vector. */
    public int actual() {
        return actual;
    }
}
