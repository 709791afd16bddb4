package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Moderation;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host-control events ({@code mute_participant}, {@code remove_participant}, {@code end_call}): only a socket whose
 * token says {@code role: "host"} may send them, and only from inside its call; the rules are {@link Moderation}'s.
 */
final class HostControls {
    private static final Logger log = LoggerFactory.getLogger(HostControls.class);

    private final Moderation moderation;

    HostControls(Moderation moderation) {
        this.moderation = moderation;
    }

    Object handle(ConnectionId connection, CallClaims claims, ClientEvent.HostControl event) {
        if (claims.role() != Role.HOST) {
            throw new SignalingException(
                    ErrorCode.FORBIDDEN,
                    nameOf(event) + ": role " + claims.role().wireName() + " (expected: host)");
        }
        return switch (event) {
            case ClientEvent.MuteParticipant m -> {
                Participant target = moderation.mute(connection, m.userId(), m.kind());
                log.info(
                        "host mute connection={} userId={} target={} kind={}",
                        connection.value(),
                        claims.userId(),
                        m.userId(),
                        m.kind());
                yield new Wire.ParticipantAck(true, Wire.WireParticipant.of(target));
            }
            case ClientEvent.RemoveParticipant r -> {
                moderation.remove(connection, r.userId());
                log.info(
                        "host remove connection={} userId={} target={}",
                        connection.value(),
                        claims.userId(),
                        r.userId());
                yield Wire.Ok.OK;
            }
            case ClientEvent.EndCall e -> {
                String sessionId = moderation.end(connection);
                log.info(
                        "host end connection={} userId={} sessionId={}",
                        connection.value(),
                        claims.userId(),
                        sessionId);
                yield Wire.Ok.OK;
            }
        };
    }

    private static String nameOf(ClientEvent.HostControl event) {
        return switch (event) {
            case ClientEvent.MuteParticipant m -> ClientEventType.MUTE_PARTICIPANT.wireName();
            case ClientEvent.RemoveParticipant r -> ClientEventType.REMOVE_PARTICIPANT.wireName();
            case ClientEvent.EndCall e -> ClientEventType.END_CALL.wireName();
        };
    }
}
