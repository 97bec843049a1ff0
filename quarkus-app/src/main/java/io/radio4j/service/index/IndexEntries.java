package io.radio4j.service.index;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import io.radio4j.service.ApiProblemException;
import io.radio4j.service.index.internal.ContentHashes;
import io.radio4j.service.index.internal.IdLocks;
import io.radio4j.service.index.internal.ImageFileStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The listed images: lists, describes and serves them, deletes one (its vector, then its files),
 * and at start-up removes what a crash left incomplete. Thread-safe.
 */
@ApplicationScoped
class IndexEntries {

    private static final Logger LOG = Logger.getLogger(IndexEntries.class);

    @Inject
    EmbeddingStore<TextSegment> store;

    @Inject
    ImageFileStore files;

    @Inject
    IdLocks locks;

    @Inject
    ContentHashes hashes;

    List<IndexedImage> list() {
        return files.list();
    }

    IndexedImage find(String id) {
        return files.find(id).orElseThrow(() -> notFound(id));
    }

    byte[] bytes(String id) {
        return files.bytes(id).orElseThrow(() -> notFound(id));
    }

    void delete(String id) {
        if (!ImageFileStore.isValidId(id)) {
            throw notFound(id);
        }
        try (IdLocks.Held held = locks.lock(List.of(id))) {
            // Unlisted first, which also hides it from search at once; a crash before the vector
            // goes leaves an orphan vector that search skips and the next search or start removes.
            if (!files.delete(id)) {
                throw notFound(id);
            }
            store.remove(id);
            hashes.forget(id);
        }
    }

    /** Removes temporary files, undescribed bytes and their vectors, before the index serves. */
    void sweep() {
        List<String> orphans = files.sweep();
        for (String id : orphans) {
            try {
                store.remove(id);
            } catch (RuntimeException e) {
                LOG.debugf("vector %s not removed: %s", id, e.getMessage());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.infof("image index: removed %d entries a crash left incomplete", orphans.size());
        }
    }

    private static ApiProblemException notFound(String id) {
        return new ApiProblemException(404, "Not found", "no indexed image with id '" + id + "'");
    }
}
