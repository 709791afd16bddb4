package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.ConnectionId;
import java.util.concurrent.CompletionStage;

/**
 * The rings this node serves, asked by device connections on other nodes ({@link
 * com.securevox.call.call.NodeMessage.RingEvent}): each event decoded as a socket's own, run by {@link RingEvents} for
 * the user the other node verified, and answered in the socket's terms, the refusals with their wire codes.
 */
final class RingAsks {
    private final ClientEventDecoder decoder;
    private final RingEvents rings;

    RingAsks(ClientEventDecoder decoder, RingEvents rings) {
        this.decoder = decoder;
        this.rings = rings;
    }

    /** Answers {@code userId}'s event through {@code reply}: at once, or once the call policy answered. */
    void answer(ConnectionId connection, String userId, ClientEventType type, JsonNode payload, Reply reply) {
        Object ack;
        try {
            ClientEvent event = decoder.decode(type, payload);
            if (event instanceof ClientEvent.Ringing ringing) {
                ack = rings.handleFor(userId, connection, ringing.request());
            } else if (event instanceof ClientEvent.JoinCall join) {
                ack = rings.grantFor(userId, join.sessionId());
            } else {
                throw SignalingException.invalid(type.wireName() + ": not a ringing event (expected: one of the"
                        + " ringing events, or join_call)");
            }
        } catch (RuntimeException e) {
            reply.send(Wire.Failure.of(SignalingService.refusalOrInternal(connection, type, e)));
            return;
        }
        if (!(ack instanceof CompletionStage<?> later)) {
            reply.send(ack);
            return;
        }
        later.whenComplete((value, failure) -> reply.send(
                failure == null
                        ? value
                        : Wire.Failure.of(SignalingService.refusalOrInternal(connection, type, failure))));
    }
}
