package com.securevox.call.signaling;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the socket protocol.
 *
 * @param authTimeout how long a socket may stay unauthenticated before it is closed
 * @param eventsPerSecond sustained client events per socket
 * @param eventBurst events a socket may send at once: large enough for an ICE candidate burst
 * @param iceServers what a joiner is handed in its ack and {@code call_joined}
 */
public record SignalingPolicy(Duration authTimeout, long eventsPerSecond, long eventBurst, IceServers iceServers) {
    public SignalingPolicy {
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("authTimeout: " + authTimeout + " (expected: > 0)");
        }
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("eventsPerSecond: " + eventsPerSecond + " (expected: > 0)");
        }
        if (eventBurst < eventsPerSecond) {
            throw new IllegalArgumentException(
                    "eventBurst: " + eventBurst + " (expected: >= eventsPerSecond " + eventsPerSecond + ")");
        }
        Objects.requireNonNull(iceServers, "iceServers");
    }
}
