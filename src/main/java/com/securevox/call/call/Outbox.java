package com.securevox.call.call;

/**
 * Where the domain sends events; implemented by the signaling layer.
 *
 * <p>{@link #deliver} is called while the registry holds the lock of the event's call. That is what makes the events
 * of one call totally ordered (and messages between two participants arrive in the order they were sent) without a
 * second ordering mechanism. In return an implementation must only enqueue: never block, never take a lock that a
 * thread holding a call lock could wait for, never call back into the registry. It should not throw either: the
 * registry has already changed its state when it delivers, so an exception only reaches the caller of the operation
 * and the remaining recipients of that operation miss the event.
 */
public interface Outbox {
    void deliver(ConnectionId to, CallEvent event);

    /**
     * Delivers a relayed signal, running {@code undelivered} instead when the connection turns out gone before the
     * signal is written to it (its socket closed as it was sent): the registry takes the signal back for its
     * participant's return rather than count it delivered. It may run on any thread, the caller's under the call's
     * lock included, so it only enqueues. An outbox that cannot tell delivers the signal as any other event.
     */
    default void deliver(ConnectionId to, CallEvent.Relayed relayed, Runnable undelivered) {
        deliver(to, relayed);
    }
}
