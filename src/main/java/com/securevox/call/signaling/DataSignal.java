package com.securevox.call.signaling;

import java.util.Objects;
import java.util.Optional;

/**
 * An in-call message ({@code data}) relayed to one participant or to everyone else: the sender's {@code topic}, if any,
 * and its {@code payload}, already serialised once and written out as those bytes to every recipient.
 */
public record DataSignal(Optional<String> topic, RawJson payload) implements RelayedSignal {
    public DataSignal {
        Objects.requireNonNull(topic, "topic: null (expected: an Optional, empty when there is none)");
        Objects.requireNonNull(payload, "payload: null (expected: the message's JSON)");
    }

    @Override
    public String toString() {
        // What apps send each other is theirs: never logged.
        return "DataSignal[topic=" + topic.orElse("-") + ", " + payload.bytes() + " bytes]";
    }
}
