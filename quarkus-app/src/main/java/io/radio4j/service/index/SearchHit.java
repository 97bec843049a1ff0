package io.radio4j.service.index;

import java.util.Objects;

/**
 * One search result, best first in a list.
 *
 * @param id the entry id
 * @param score relevance in [0, 1]: {@code (cosine + 1) / 2}
 * @param fileName the image's file name
 * @param width width in pixels, or null if the store did not keep it
 * @param height height in pixels, or null if the store did not keep it
 * @param imageUrl where {@code GET} returns the image
 */
public record SearchHit(String id, double score, String fileName, Integer width, Integer height, String imageUrl) {

    /** @throws NullPointerException if id, fileName or imageUrl is null */
    public SearchHit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(imageUrl, "imageUrl");
    }
}
