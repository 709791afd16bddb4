package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node as it announces itself in Redis, in the hash {@code securevox:node:<id>}: field {@code id}, {@code url}
 * (where other nodes and operators reach it), {@code started} and {@code seen} (milliseconds since the epoch, on the
 * node's clock), {@code draining} ({@code 0} or {@code 1}) and {@code calls} (calls in progress on it). Decoding is
 * strict like {@link RedisValues}: exactly these fields, each exactly as we write it, or a {@link RedisValueException}.
 *
 * @param url an http or https URL without credentials, query or fragment, at most {@value #MAX_URL_LENGTH} characters
 * @param startedAt when the node started, to the millisecond
 * @param lastSeen when the node last announced itself, to the millisecond
 */
public record NodeEntry(String id, String url, Instant startedAt, boolean draining, int activeCalls, Instant lastSeen) {
    public static final int MAX_URL_LENGTH = 512;
    /** More calls than any one node holds; a larger count is garbage. */
    public static final int MAX_CALLS = 10_000_000;

    private static final Set<String> FIELDS = Set.of("id", "url", "started", "draining", "calls", "seen");
    /** Milliseconds up to the year 9999: 13 digits is plenty, and keeps parsing clear of overflow. */
    private static final int MAX_MILLIS_DIGITS = 15;

    public NodeEntry {
        if (!Owner.isValidNode(id)) {
            throw new IllegalArgumentException("id: invalid (expected: 1 to 64 of [A-Za-z0-9._-])");
        }
        if (!isValidUrl(url)) {
            throw new IllegalArgumentException("url: " + RedisValues.shown(String.valueOf(url))
                    + " (expected: an http or https URL without credentials, query or fragment)");
        }
        startedAt = millis(startedAt, "startedAt");
        lastSeen = millis(lastSeen, "lastSeen");
        if (activeCalls < 0 || activeCalls > MAX_CALLS) {
            throw new IllegalArgumentException("activeCalls: " + activeCalls + " (expected: 0 to " + MAX_CALLS + ")");
        }
    }

    private static Instant millis(Instant instant, String name) {
        Objects.requireNonNull(instant, name);
        if (instant.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException(name + ": " + instant + " (expected: after 1970)");
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The rule for {@code url}. */
    public static boolean isValidUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return false;
        }
        if (!url.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The hash's fields, as written to Redis. */
    public Map<String, String> encode() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("id", id);
        hash.put("url", url);
        hash.put("started", Long.toString(startedAt.toEpochMilli()));
        hash.put("draining", draining ? "1" : "0");
        hash.put("calls", Integer.toString(activeCalls));
        hash.put("seen", Long.toString(lastSeen.toEpochMilli()));
        return hash;
    }

    /** A hash read back from Redis: exactly what {@link #encode} writes, or a {@link RedisValueException}. */
    public static NodeEntry decode(Map<String, String> hash) throws RedisValueException {
        if (hash == null || hash.isEmpty()) {
            throw new RedisValueException("node entry: missing (expected: a hash with " + sorted() + ")");
        }
        for (String field : hash.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new RedisValueException("node entry field: " + RedisValues.shown(String.valueOf(field))
                        + " (expected: one of " + sorted() + ")");
            }
        }
        String id = field(hash, "id");
        if (!Owner.isValidNode(id)) {
            throw new RedisValueException("node entry id: " + RedisValues.shown(id) + " (expected: 1 to "
                    + Owner.MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
        }
        String url = field(hash, "url");
        if (!isValidUrl(url)) {
            throw new RedisValueException("node entry url: " + RedisValues.shown(url)
                    + " (expected: an http or https URL without credentials, query or fragment, at most "
                    + MAX_URL_LENGTH + " characters)");
        }
        long calls = number(hash, "calls", 8);
        if (calls > MAX_CALLS) {
            throw new RedisValueException("node entry calls: " + calls + " (expected: 0 to " + MAX_CALLS + ")");
        }
        String draining = field(hash, "draining");
        if (!draining.equals("0") && !draining.equals("1")) {
            throw new RedisValueException(
                    "node entry draining: " + RedisValues.shown(draining) + " (expected: 0 or 1)");
        }
        return new NodeEntry(
                id,
                url,
                Instant.ofEpochMilli(number(hash, "started", MAX_MILLIS_DIGITS)),
                draining.equals("1"),
                (int) calls,
                Instant.ofEpochMilli(number(hash, "seen", MAX_MILLIS_DIGITS)));
    }

    private static String field(Map<String, String> hash, String name) throws RedisValueException {
        String value = hash.get(name);
        if (value == null) {
            throw new RedisValueException("node entry " + name + ": missing (expected: a hash with " + sorted() + ")");
        }
        return value;
    }

    /** A decimal without sign or leading zero ({@code 0} itself is fine), of at most {@code digits} digits. */
    private static long number(Map<String, String> hash, String name, int digits) throws RedisValueException {
        String raw = field(hash, name);
        boolean ok = !raw.isEmpty() && raw.length() <= digits && (raw.length() == 1 || raw.charAt(0) != '0');
        for (int i = 0; ok && i < raw.length(); i++) {
            ok = raw.charAt(i) >= '0' && raw.charAt(i) <= '9';
        }
        if (!ok) {
            throw new RedisValueException("node entry " + name + ": " + RedisValues.shown(raw)
                    + " (expected: a whole number of 1 to " + digits + " digits without sign or leading zero)");
        }
        return Long.parseLong(raw);
    }

    private static String sorted() {
        return "id, url, started, draining, calls, seen";
    }
}
