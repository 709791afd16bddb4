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
}
