package com.securevox.call.signaling;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.securevox.call.auth.MintedToken;
import com.securevox.call.ring.RingAnswers;
import java.util.List;

/** The ringing payloads the server sends, as records whose component names are the wire names. */
public final class RingWire {
    private RingWire() {}

    public record Invitee(String userId, String state) {
        public static List<Invitee> of(List<RingAnswers.InviteeState> states) {
            return states.stream()
                    .map(s -> new Invitee(s.userId(), s.state().wireName()))
                    .toList();
        }
    }

    /** {@code from} of {@code incoming_call}: the caller and the metadata it invited with. */
    public record From(String userId, @JsonRawValue String metadata) {}

    /** {@code incoming_call}; {@code expiresAt} is when the ring ends, in Unix milliseconds like {@code joinedAt}. */
    public record IncomingCall(
            String sessionId, String ringId, From from, String media, List<String> invitees, long expiresAt) {}

    /** {@code invite_state}. */
    public record InviteState(String sessionId, String userId, String state) {}

    /** {@code incoming_call_ended}. */
    public record IncomingCallEnded(String sessionId, String reason) {}

    /**
     * The acknowledgement of {@code call_invite}. {@code expiresAt}: the ring's end (Unix ms); {@code role}, {@code
     * token} (a call token, expiring at {@code tokenExpiresAt}, Unix seconds) and {@code iceServers}: what joining the
     * call needs, as {@code POST /api/call/token} answers them.
     */
    public record InviteAck(
            boolean ok,
            String sessionId,
            String ringId,
            List<Invitee> invitees,
            long expiresAt,
            String role,
            String token,
            long tokenExpiresAt,
            List<Wire.IceServer> iceServers) {}

    /** The acknowledgement of {@code call_accept} (and the REST accept): the state, and what joining needs. */
    public record AcceptAck(
            boolean ok,
            String sessionId,
            String ringId,
            String state,
            String role,
            String token,
            long tokenExpiresAt,
            List<Wire.IceServer> iceServers) {
        /** An accept's answer, with the call token minted for it and the ICE servers that go with that token. */
        public static AcceptAck of(RingAnswers.Answered answer, MintedToken token, List<Wire.IceServer> iceServers) {
            return new AcceptAck(
                    true,
                    answer.sessionId(),
                    answer.ringId().toString(),
                    answer.state().wireName(),
                    answer.role().wireName(),
                    token.token(),
                    token.expiresAt().getEpochSecond(),
                    iceServers);
        }
    }

    /** The acknowledgement of {@code register_device}: the device's id in the registry. */
    public record DeviceAck(boolean ok, String deviceId) {}

    /**
     * Between nodes only: what the node serving a ring lets a device connection of another node join its call as
     * ({@link com.securevox.call.call.NodeMessage.RingEvent} of a {@code join_call}).
     */
    public record Grant(boolean ok, String role) {}

    /** The acknowledgement of {@code call_decline} and {@code call_cancel}. */
    public record StateAck(boolean ok, String sessionId, String ringId, String state) {
        public static StateAck of(RingAnswers.Answered answer) {
            return new StateAck(
                    true,
                    answer.sessionId(),
                    answer.ringId().toString(),
                    answer.state().wireName());
        }
    }
}
