package io.radio4j.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A counting semaphore whose waiters never block a thread: {@link #request} either grants a permit
 * at once, queues the request (first come, first served, at most {@code maxQueued}), or refuses it.
 * A queued request is granted by the {@link #release()} that frees a permit, or withdrawn by
 * {@link #cancel} (its wait is over); exactly one of the two happens. Callbacks run outside the
 * lock, on the thread that decided. Thread-safe.
 */
public final class Permits {

    /** A queued request; settled once granted, refused or cancelled. */
    public static final class Ticket {
        private final Consumer<Boolean> decision;
        private boolean settled;

        private Ticket(Consumer<Boolean> decision) {
            this.decision = decision;
        }
    }

    private final int max;
    private final int maxQueued;
    private final Deque<Ticket> queue = new ArrayDeque<>();
    private int free;

    /**
     * @throws IllegalArgumentException if {@code max < 1} or {@code maxQueued < 0}
     */
    public Permits(int max, int maxQueued) {
        if (max < 1 || maxQueued < 0) {
            throw new IllegalArgumentException(
                    "permits must be >= 1 and the queue >= 0, got " + max + " and " + maxQueued);
        }
        this.max = max;
        this.maxQueued = maxQueued;
        this.free = max;
    }

    /**
     * Asks for a permit: {@code decision} gets {@code true} once one is held (now or on a later
     * release), {@code false} at once when the queue is full.
     *
     * @return the ticket to {@link #cancel} when the caller stops waiting
     */
    public Ticket request(Consumer<Boolean> decision) {
        Ticket ticket = new Ticket(decision);
        Boolean now = null;
        synchronized (this) {
            if (free > 0 && queue.isEmpty()) {
                free--;
                ticket.settled = true;
                now = true;
            } else if (queue.size() >= maxQueued) {
                ticket.settled = true;
                now = false;
            } else {
                queue.addLast(ticket);
            }
        }
        if (now != null) {
            decision.accept(now);
        }
        return ticket;
    }

    /**
     * Withdraws a queued request whose wait is over; its decision gets {@code false}.
     *
     * @return true if it was still waiting, false if it had already been decided
     */
    public boolean cancel(Ticket ticket) {
        synchronized (this) {
            if (ticket.settled) {
                return false;
            }
            ticket.settled = true;
            queue.remove(ticket);
        }
        ticket.decision.accept(false);
        return true;
    }

    /** Frees a permit, handing it to the first waiting request if there is one. */
    public void release() {
        Ticket next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                if (free >= max) {
                    throw new IllegalStateException("released more permits than were taken");
                }
                free++;
                return;
            }
            next.settled = true;
        }
        next.decision.accept(true);
    }

    public int max() {
        return max;
    }

    public synchronized int available() {
        return free;
    }

    public synchronized int inFlight() {
        return max - free;
    }

    public synchronized int waiting() {
        return queue.size();
    }
}
