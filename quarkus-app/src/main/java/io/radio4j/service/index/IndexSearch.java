package io.radio4j.service.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.radio4j.core.image.ImageInfo;
import io.radio4j.langchain.ImageMatch;
import io.radio4j.langchain.ImageSearch;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.ApiProblemException;
import io.radio4j.service.index.internal.IdLocks;
import io.radio4j.service.index.internal.ImageFileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Searches the index by text or by image with langchain-adapters' {@link ImageSearch}, answering
 * only images that are listed: a vector whose image is not (deleted, or never acknowledged before a
 * crash) is no result, and is removed when no write holds its id. Failures propagate as they are
 * (LangChain4j's wrapping included): the service's problem mapping finds radio-core's and the
 * store's types in the cause chain. Thread-safe.
 */
@ApplicationScoped
class IndexSearch {

    private static final Logger LOG = Logger.getLogger(IndexSearch.class);

    /** The request limits ({@code radio4j.limits.max-*}) the encoders apply too. */
    @Inject
    Radio4jConfig radio;

    @Inject
    IndexConfig indexConfig;

    @Inject
    EmbeddingModel model;

    @Inject
    EmbeddingStore<TextSegment> store;

    @Inject
    ImageFileStore files;

    @Inject
    RadioEncoders encoders;

    @Inject
    IdLocks locks;

    /** See {@link ImageIndexService#searchText}. */
    List<SearchHit> byText(String q, Integer k) {
        if (q == null || q.isBlank()) {
            throw ApiProblemException.badRequest("query parameter 'q' is required (the text to search for)");
        }
        int max = radio.limits().maxTextChars();
        if (q.length() > max) {
            throw ApiProblemException.tooLarge(
                    "'q' has " + q.length() + " characters, more than radio4j.limits.max-text-chars = " + max);
        }
        return hits(search(k).byText(q));
    }

    /** See {@link ImageIndexService#searchImage}. */
    List<SearchHit> byImage(byte[] image, Integer k) {
        ImageInfo info = encoders.preprocessor().probe(image);
        ImageSearch search = search(k);
        return hits(search.byImage(image, info.format().mimeType()));
    }

    private ImageSearch search(Integer k) {
        int n = k == null ? indexConfig.defaultResults() : k;
        if (n < 1 || n > indexConfig.maxResults()) {
            throw ApiProblemException.unprocessable(
                    "'k' must be within 1.." + indexConfig.maxResults() + " (radio4j.index.max-results), got " + n);
        }
        return ImageSearch.builder()
                .embeddingModel(model)
                .embeddingStore(store)
                .maxResults(n)
                .build();
    }

    private List<SearchHit> hits(List<ImageMatch> matches) {
        List<ImageMatch> listed = new ArrayList<>();
        for (ImageMatch m : matches) {
            if (files.find(m.embeddingId()).isPresent()) {
                listed.add(m);
            } else {
                removeOrphanVector(m.embeddingId());
            }
        }
        return listed.stream()
                .map(m -> {
                    String id = m.embeddingId();
                    Optional<IndexedImage> stored = files.find(id);
                    String name = stored.map(IndexedImage::fileName).orElseGet(() -> lastSegment(m.reference()));
                    Integer width = m.width() != null
                            ? m.width()
                            : stored.map(IndexedImage::width).orElse(null);
                    Integer height = m.height() != null
                            ? m.height()
                            : stored.map(IndexedImage::height).orElse(null);
                    return new SearchHit(id, m.score(), name, width, height, IndexedImage.imageUrlOf(id));
                })
                .toList();
    }

    private static String lastSegment(String reference) {
        int slash = Math.max(reference.lastIndexOf('/'), reference.lastIndexOf('\\'));
        return reference.substring(slash + 1);
    }

    private void removeOrphanVector(String id) {
        if (!ImageFileStore.isValidId(id)) {
            return;
        }
        IdLocks.Held held = locks.tryLock(id);
        if (held == null) {
            return; // a write of this id is under way: it decides
        }
        try (held) {
            if (files.find(id).isEmpty()) {
                store.remove(id);
            }
        } catch (RuntimeException e) {
            LOG.debugf("orphan vector %s not removed: %s", id, e.getMessage());
        }
    }
}
