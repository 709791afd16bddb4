package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.NodeMessage;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A relayed signal as this node rendered it for a proxied socket that went before its edge could write it, sent back
 * by that edge ({@link NodeMessage.Bounced}): kept for its participant and written again, byte for byte, when it comes
 * back.
 *
 * @param event one of {@link #RELAYED}
 * @param data the event's JSON as it was rendered
 */
record ReturnedSignal(String event, RawJson data) implements RelayedSignal {
    /**
     * The events a relayed signal is written as ({@link WireOutbox}): the only ones kept for a participant in
     * reconnect grace, as the {@code call_joined} of its return tells it the rest.
     */
    static final Set<String> RELAYED = Set.of("offer", "answer", "ice_candidate", "data");

    ReturnedSignal {
        if (!RELAYED.contains(event)) {
            throw new IllegalArgumentException("event: " + event + " (expected: one of " + RELAYED + ")");
        }
        Objects.requireNonNull(data, "data: null (expected: the event's JSON)");
    }

    /**
     * The signal a returned payload held, with its sender's userId (its {@code from}); empty when it is no relayed
     * signal (the events that tell a participant about its call, which a return tells again).
     *
     * @throws IllegalArgumentException when it names a relayed event but is not one as this layer writes it
     */
    static Optional<Sent> of(NodeMessage.Payload payload) {
        if (!RELAYED.contains(payload.event())) {
            return Optional.empty();
        }
        RawJson data = NodeJson.raw(payload.data());
        JsonNode from;
        try {
            from = NodeJson.read(payload.data()).get("from");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (from == null || !from.isTextual()) {
            throw new IllegalArgumentException(payload.event() + ".from: "
                    + (from == null ? "missing" : from.getNodeType()) + " (expected: text)");
        }
        return Optional.of(new Sent(from.textValue(), new ReturnedSignal(payload.event(), data)));
    }

    /** A returned signal and who sent it. */
    record Sent(String fromUserId, ReturnedSignal signal) {}

    @Override
    public String toString() {
        // What clients send each other is theirs: never logged.
        return "ReturnedSignal[" + event + ", " + data.bytes() + " bytes]";
    }
}
