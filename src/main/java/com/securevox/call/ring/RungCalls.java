package com.securevox.call.ring;

/**
 * Port: the calls ringing keeps where they are. With several nodes a call's rings live with its lease, which the
 * invite took for a new call; the lease is kept while a ring of the call is open or remembered, and given up once
 * the last one is forgotten (unless the call is in progress, which keeps it itself).
 */
public interface RungCalls {
    /** One node: nothing is held for a ring. */
    RungCalls NONE = new RungCalls() {
        @Override
        public void rung(String sessionId) {}

        @Override
        public void forgotten(String sessionId) {}
    };

    /** A ring of call {@code sessionId} started here. Called under the ring's lock; only queues. */
    void rung(String sessionId);

    /** Every ring of call {@code sessionId} is forgotten here. Called on the scheduler's thread; only queues. */
    void forgotten(String sessionId);
}
