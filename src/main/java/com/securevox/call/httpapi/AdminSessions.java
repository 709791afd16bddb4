package com.securevox.call.httpapi;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin dashboard's signed-in sessions, kept on this server only: a cookie carries a random id and nothing else,
 * so signing out (or the session's expiry) ends it for good, whatever the browser keeps. A restart signs everybody
 * out, which for an operator's dashboard is cheaper than a shared store.
 */
public final class AdminSessions {
    /** How long a sign-in lasts: a working day, after which the operator signs in again. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** Sessions kept at most; past that the one that would expire first is ended to make room. */
    static final int MAX_SESSIONS = 1_000;
    /** 256 bits: not guessable, whatever the number of attempts the failed-sign-in limit lets through. */
    private static final int ID_BYTES = 32;

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    public AdminSessions(Clock clock, Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock: null (expected: the server's clock)");
        Objects.requireNonNull(lifetime, "lifetime: null (expected: how long a sign-in lasts)");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
        this.lifetime = lifetime;
    }

    /** A new session: its id, for the cookie. */
    public String start() {
        Instant now = clock.instant();
        if (expiries.size() >= MAX_SESSIONS) {
            expiries.values().removeIf(expiry -> !expiry.isAfter(now));
            while (expiries.size() >= MAX_SESSIONS) {
                expiries.entrySet().stream()
                        .min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .ifPresent(oldest -> expiries.remove(oldest.getKey()));
            }
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(id, now.plus(lifetime));
        return id;
    }

    /** Whether {@code id} names a session that has neither ended nor expired; an expired one is forgotten. */
    public boolean valid(Optional<String> id) {
        if (id.isEmpty()) {
            return false;
        }
        Instant expiry = expiries.get(id.get());
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            expiries.remove(id.get(), expiry);
            return false;
        }
        return true;
    }

    /** Ends the session (signing out); an unknown id is ignored. */
    public void end(Optional<String> id) {
        id.ifPresent(expiries::remove);
    }

    /** How long a new session lasts, for the cookie's {@code Max-Age}. */
    public Duration lifetime() {
        return lifetime;
    }

    int size() {
        return expiries.size();
    }
}
