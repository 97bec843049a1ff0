package io.radio4j.service.index.internal;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-id locks for the image index, striped over a fixed number of locks: writing an id's bytes,
 * vector and description, deleting them, and a re-upload of the same image are serialized, so no
 * interleaving can leave an entry listed without bytes or searchable without being listed. Several
 * ids are locked in stripe order, so two requests can never wait for each other. Thread-safe.
 */
public final class IdLocks {

    /** Locks held together; {@link #close()} releases them. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantLock[] stripes;

    /** @param stripes how many locks ids are spread over (at least 1) */
    public IdLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be >= 1, got " + stripes);
        }
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** Locks every id (waiting as long as it takes), in a global order. */
    public Held lock(Collection<String> ids) {
        List<ReentrantLock> held = new TreeSet<>(ids.stream().map(this::stripe).toList())
                .stream().map(i -> stripes[i]).toList();
        held.forEach(ReentrantLock::lock);
        return () -> held.reversed().forEach(ReentrantLock::unlock);
    }

    /** Locks one id if no one holds it now; null otherwise. */
    public Held tryLock(String id) {
        ReentrantLock lock = stripes[stripe(id)];
        return lock.tryLock() ? lock::unlock : null;
    }

    private int stripe(String id) {
        return Math.floorMod(id.hashCode(), stripes.length);
    }
}
