package com.securevox.call.call;

import java.util.ArrayList;
import java.util.List;

/** Records every delivery in the order the registry made it. Thread-safe, for the concurrency test. */
final class RecordingOutbox implements Outbox {

    record Delivery(ConnectionId to, CallEvent event) {}

    private final List<Delivery> deliveries = new ArrayList<>();

    @Override
    public synchronized void deliver(ConnectionId to, CallEvent event) {
        deliveries.add(new Delivery(to, event));
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
