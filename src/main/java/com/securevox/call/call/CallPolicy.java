package com.securevox.call.call;

import java.time.Duration;

/**
 * The limits of every call.
 *
 * @param maxParticipants participants per call, counting those in reconnect grace
 * @param reconnectGrace how long a participant whose socket dropped stays in the call; zero removes it at once
 * @param maxPendingPerParticipant how many relayed signals wait for a participant in reconnect grace before further
 *     ones are refused
 */
public record CallPolicy(int maxParticipants, Duration reconnectGrace, int maxPendingPerParticipant) {
    public CallPolicy {
        if (maxParticipants <= 0) {
            throw new IllegalArgumentException("maxParticipants: " + maxParticipants + " (expected: > 0)");
        }
        if (reconnectGrace == null) {
            throw new IllegalArgumentException("reconnectGrace: null (expected: a duration >= 0)");
        }
        if (reconnectGrace.isNegative()) {
            throw new IllegalArgumentException("reconnectGrace: " + reconnectGrace + " (expected: >= 0)");
        }
        if (maxPendingPerParticipant <= 0) {
            throw new IllegalArgumentException(
                    "maxPendingPerParticipant: " + maxPendingPerParticipant + " (expected: > 0)");
        }
    }
}
