package com.securevox.call.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Recent answers of the user backend, by {@code Authorization} header. Keys are SHA-256 digests of the header, so
 * the cache (and a heap dump of it) holds no usable token. Bounded: past {@code maxEntries} the oldest insert goes,
 * which costs at worst one more question to the backend. Thread-safe; every operation is O(1) under one lock, which
 * is never held while the backend is asked.
 */
final class VerificationCache {

    private record Cached(UserVerification answer, Instant expiresAt) {}

    private final Clock clock;
    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Cached> entries;

    VerificationCache(Clock clock, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: at least 1)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > VerificationCache.this.maxEntries;
            }
        };
    }

    /** The answer cached for this header, if there is one and it has not expired. */
    Optional<UserVerification> get(String authorizationHeader) {
        String key = key(authorizationHeader);
        Instant now = clock.instant();
        lock.lock();
        try {
            Cached entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.expiresAt())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.answer());
        } finally {
            lock.unlock();
        }
    }

    /** Keeps {@code answer} for {@code ttl}; a zero ttl keeps nothing. */
    void put(String authorizationHeader, UserVerification answer, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        String key = key(authorizationHeader);
        Cached entry = new Cached(answer, clock.instant().plus(ttl));
        lock.lock();
        try {
            // Remove first so a refreshed answer moves to the young end and is not the next one evicted.
            entries.remove(key);
            entries.put(key, entry);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a raw header could be found among the keys: tests prove it cannot. */
    boolean holdsKey(String candidate) {
        lock.lock();
        try {
            return entries.containsKey(candidate);
        } finally {
            lock.unlock();
        }
    }

    static String key(String authorizationHeader) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(authorizationHeader.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable, which every Java platform must provide", e);
        }
    }
}
