package com.securevox.call.httpapi;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.admin.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The admin dashboard's signed-in sessions. The cookie carries a random token and nothing else; the {@link
 * AdminSessionStore} (the history database, which every node shares and which outlives a restart) keeps only its
 * SHA-256 digest with its expiry, so signing out (or the expiry) ends a session for good, on every node, whatever the
 * browser keeps, and a copy of the table signs nobody in.
 *
 * <p>A node trusts what it read of a session for {@link #RECHECK} before it reads the store again: the live calls'
 * event stream asks every half second, and the database should not. So a sign-out on another node takes effect here
 * within {@link #RECHECK}; on the node that signs out, at once. An unknown token is never remembered: a session signed
 * in on another node a moment ago works here at once. Every call may block on the database: the API runs them off the
 * event loops.
 */
public final class AdminSessions {
    /** How long a sign-in lasts: a working day, after which the operator signs in again. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** How long a node trusts a session it read before reading it again: the bound on a remote sign-out's delay. */
    public static final Duration RECHECK = Duration.ofSeconds(5);
    /** How often a node deletes the expired rows (on a sign-in or a read that falls due). */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** Sessions remembered at most; past that the memory starts again empty (the store still has them all). */
    static final int MAX_REMEMBERED = 1_000;
    /** 256 bits: not guessable, whatever the number of attempts the failed-sign-in limit lets through. */
    private static final int TOKEN_BYTES = 32;
    /** The stored address is for people to read: longer ones (never seen from a socket) are cut. */
    private static final int MAX_ADDRESS = 255;

    private final AdminSessionStore store;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    /** A session as this node last read it, and when. */
    private record Remembered(Instant expiresAt, Instant readAt) {}

    public AdminSessions(AdminSessionStore store, Clock clock, Duration lifetime) {
        this.store = Objects.requireNonNull(store, "store: null (expected: where the sessions are kept)");
        this.clock = Objects.requireNonNull(clock, "clock: null (expected: the server's clock)");
        Objects.requireNonNull(lifetime, "lifetime: null (expected: how long a sign-in lasts)");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
        this.lifetime = lifetime;
    }

    /**
     * A new session: its token, for the cookie.
     *
     * @param method how the operator signed in
     * @param address where the sign-in came from
     */
    public String start(AdminSignIn.Credential method, String address) {
        Instant now = clock.instant();
        purgeIfDue(now);
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hash(token);
        Instant expiresAt = now.plus(lifetime);
        String from = address.length() > MAX_ADDRESS ? address.substring(0, MAX_ADDRESS) : address;
        store.save(new StoredSession(hash, methodName(method), from, now, expiresAt, now));
        remember(hash, new Remembered(expiresAt, now));
        return token;
    }

    /**
     * Whether {@code token} names a session that has neither ended nor expired (as this node knows it, at most {@link
     * #RECHECK} old); an expired one is deleted.
     */
    public boolean valid(Optional<String> token) {
        if (token.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        String hash = hash(token.get());
        Remembered known = remembered.get(hash);
        if (known != null
                && known.expiresAt().isAfter(now)
                && known.readAt().plus(RECHECK).isAfter(now)) {
            return true;
        }
        remembered.remove(hash);
        purgeIfDue(now);
        Optional<StoredSession> stored = store.find(hash);
        if (stored.isEmpty()) {
            return false;
        }
        if (stored.get().expiredAt(now)) {
            store.delete(hash);
            return false;
        }
        // A read of the store is at most one per session, node and RECHECK: recording the use costs no more.
        store.touch(hash, now);
        remember(hash, new Remembered(stored.get().expiresAt(), now));
        return true;
    }

    /** Ends the session (signing out) on every node; an unknown token is ignored. */
    public void end(Optional<String> token) {
        token.map(AdminSessions::hash).ifPresent(hash -> {
            remembered.remove(hash);
            store.delete(hash);
        });
    }

    /** How long a new session lasts, for the cookie's {@code Max-Age}. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The digest a token is stored under: SHA-256 of its UTF-8 bytes, lowercase hex. */
    static String hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String methodName(AdminSignIn.Credential method) {
        return switch (method) {
            case API_KEY -> "api_key";
            case PASSWORD -> "password";
        };
    }

    private void remember(String hash, Remembered session) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, session);
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        if (!now.isBefore(due) && nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            store.purgeExpired(now);
        }
    }

    int remembered() {
        return remembered.size();
    }
}
