package com.securevox.call.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which devices were pushed for which ring and user, so that a stop reaches exactly them, and whether the ring
 * stopped, so that a push still being prepared when it stopped is not sent at all. Bounded: entries go when their
 * ring has ended (and a little after, for a stop racing the end), and the oldest go first past {@code capacity}.
 *
 * <p>{@link #claim} and {@link #stop} are atomic with respect to each other: a device is either claimed before the
 * stop, and then told of it, or not pushed at all.
 */
final class PushedRings {
    /** How long after its end a ring is remembered, for the stop that the ring's end itself causes. */
    static final Duration LINGER = Duration.ofMinutes(1);

    private final Clock clock;
    private final int capacity;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    PushedRings(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    private record Key(UUID ringId, String userId) {}

    private static final class Entry {
        final Instant expiresAt;
        final Map<String, Device> pushed = new LinkedHashMap<>();
        boolean stopped;

        Entry(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    /**
     * Claims the devices not claimed yet for this ring and user; none once the ring stopped.
     *
     * @return the devices the caller should push now
     */
    synchronized List<Device> claim(UUID ringId, String userId, Instant expiresAt, List<Device> devices) {
        Entry entry = entry(ringId, userId, expiresAt);
        if (entry.stopped) {
            return List.of();
        }
        return devices.stream()
                .filter(d -> entry.pushed.putIfAbsent(d.id(), d) == null)
                .toList();
    }

    /**
     * Marks the ring stopped for this user.
     *
     * @return the devices that were pushed for it, each returned once
     */
    synchronized List<Device> stop(UUID ringId, String userId, Instant expiresAt) {
        Entry entry = entry(ringId, userId, expiresAt);
        entry.stopped = true;
        List<Device> pushed = List.copyOf(entry.pushed.values());
        entry.pushed.clear();
        return pushed;
    }

    /** Whether pushes for this ring are still worth sending: not stopped, not ended. */
    synchronized boolean alive(UUID ringId, String userId) {
        Entry entry = entries.get(new Key(ringId, userId));
        return entry != null && !entry.stopped && clock.instant().isBefore(entry.expiresAt);
    }

    synchronized int size() {
        return entries.size();
    }

    private Entry entry(UUID ringId, String userId, Instant expiresAt) {
        prune();
        Entry entry = entries.computeIfAbsent(new Key(ringId, userId), k -> new Entry(expiresAt));
        if (entries.size() > capacity) {
            Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return entry;
    }

    private void prune() {
        // Rings are mostly added in the order they end, so the ended ones are at the head.
        Instant now = clock.instant();
        Iterator<Entry> oldest = entries.values().iterator();
        while (oldest.hasNext()) {
            if (now.isBefore(oldest.next().expiresAt.plus(LINGER))) {
                return;
            }
            oldest.remove();
        }
    }
}
