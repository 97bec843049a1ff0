package io.radio4j.langchain;

import dev.langchain4j.data.document.Metadata;
import java.util.Map;
import java.util.Objects;

/**
 * One image found by {@link ImageSearch}.
 *
 * @param reference the image's reference (file path or name given at ingestion)
 * @param score the store's relevance score in [0, 1]; for cosine stores {@code (cos + 1) / 2}
 * @param embeddingId the id the embedding is stored under
 * @param metadata the stored {@link ImageMetadata} (copied)
 */
public record ImageMatch(String reference, double score, String embeddingId, Map<String, Object> metadata) {

    /** Copies the metadata. */
    public ImageMatch {
        Objects.requireNonNull(reference, "reference");
        metadata = Map.copyOf(metadata);
    }

    /** Width in pixels, when the ingestor recorded it. */
    public Integer width() {
        return new Metadata(metadata).getInteger(ImageMetadata.WIDTH);
    }

    /** Height in pixels, when the ingestor recorded it. */
    public Integer height() {
        return new Metadata(metadata).getInteger(ImageMetadata.HEIGHT);
    }
}
