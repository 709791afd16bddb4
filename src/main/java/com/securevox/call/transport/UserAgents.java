package com.securevox.call.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each {@code User-Agent} a session keeps. An app's clients send a handful of distinct values, each
 * kept by every one of thousands of sessions (for the call history); sharing them saves a connection about a hundred
 * bytes. Bounded, since the header is the client's to choose: once full, new values are kept as they came.
 */
final class UserAgents {
    static final int MAX_KNOWN = 256;
    /** Longer values are not worth sharing (and would let a client make the table large). */
    static final int MAX_SHARED_LENGTH = 512;

    private final Map<String, String> known = new ConcurrentHashMap<>();

    String shared(String userAgent) {
        if (userAgent.length() > MAX_SHARED_LENGTH) {
            return userAgent;
        }
        String same = known.get(userAgent);
        if (same != null) {
            return same;
        }
        if (known.size() >= MAX_KNOWN) {
            return userAgent;
        }
        String first = known.putIfAbsent(userAgent, userAgent);
        return first == null ? userAgent : first;
    }
}
