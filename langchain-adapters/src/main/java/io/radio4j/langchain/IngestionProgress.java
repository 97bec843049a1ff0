package io.radio4j.langchain;

/**
 * Where an ingestion stands, reported after each batch.
 *
 * @param done images handled so far (added + skipped + failed)
 * @param total images to handle in this call
 * @param added images embedded and stored so far
 * @param skipped images unchanged since they were stored
 * @param failed images that failed
 */
public record IngestionProgress(int done, int total, int added, int skipped, int failed) {

    /** Share of the work done, in [0, 1]; 1 for an empty call. */
    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }
}
