package com.securevox.call.call;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records every delivery in the order the registry made it. Thread-safe, for the concurrency test. A connection
 * {@linkplain #closed(ConnectionId) closed} is one whose socket the transport found closed: a relayed signal sent to it
 * is not recorded, and its {@code undelivered} runs on the caller's thread, as the transport may run it.
 */
final class RecordingOutbox implements Outbox {

    record Delivery(ConnectionId to, CallEvent event) {}

    private final List<Delivery> deliveries = new ArrayList<>();
    private final Set<ConnectionId> closed = new HashSet<>();

    @Override
    public synchronized void deliver(ConnectionId to, CallEvent event) {
        deliveries.add(new Delivery(to, event));
    }

    @Override
    public void deliver(ConnectionId to, CallEvent.Relayed relayed, Runnable undelivered) {
        boolean gone;
        synchronized (this) {
            gone = closed.contains(to);
            if (!gone) {
                deliveries.add(new Delivery(to, relayed));
            }
        }
        if (gone) {
            undelivered.run();
        }
    }

    /** From now on the transport finds the connection's socket closed, its end not yet reported to the registry. */
    synchronized void closed(ConnectionId connection) {
        closed.add(connection);
    }

    synchronized List<Delivery> all() {
        return List.copyOf(deliveries);
    }

    synchronized List<CallEvent> to(ConnectionId connection) {
        return deliveries.stream()
                .filter(d -> d.to().equals(connection))
                .map(Delivery::event)
                .toList();
    }

    synchronized void clear() {
        deliveries.clear();
    }
}
