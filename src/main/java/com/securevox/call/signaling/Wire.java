package com.securevox.call.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.securevox.call.call.Participant;
import java.util.List;
import java.util.Map;

/**
 * The payloads the server sends, as records whose component names are the wire names. They are
 * serialised with nulls included: {@code metadata: null} and {@code candidate: null} are part of
 * the contract.
 */
public final class Wire {
    private Wire() {}

    /**
     * One ICE server entry, shaped like WebRTC's {@code RTCIceServer}. {@code username} and {@code credential} are
     * written only for TURN entries, which carry credentials minted for one participant.
     */
    public record IceServer(
            List<String> urls,
            @JsonInclude(JsonInclude.Include.NON_NULL) String username,
            @JsonInclude(JsonInclude.Include.NON_NULL) String credential) {

        /** A STUN entry: no credentials. */
        public IceServer(List<String> urls) {
            this(urls, null, null);
        }

        @Override
        public String toString() {
            return "IceServer[urls=" + urls + (username == null ? "" : ", username=" + username + ", credential=***")
                    + "]";
        }
    }

    @JsonPropertyOrder({"userId", "role", "audioMuted", "videoMuted", "joinedAt", "metadata"})
    public record WireParticipant(
            String userId,
            String role,
            boolean audioMuted,
            boolean videoMuted,
            long joinedAt,
            @JsonRawValue String metadata) {

        public static WireParticipant of(Participant p) {
            return new WireParticipant(
                    p.userId(),
                    p.role().wireName(),
                    p.audioMuted(),
                    p.videoMuted(),
                    p.joinedAt().toEpochMilli(),
                    p.metadata().map(m -> m.json()).orElse(null));
        }

        static List<WireParticipant> of(List<Participant> participants) {
            return participants.stream().map(WireParticipant::of).toList();
        }
    }

    /**
     * {@code scope} is our extension: {@code "user"} for a device connection (a user token; {@code sessionId} and
     * {@code role} are null then), absent for a call token.
     */
    public record Authenticated(
            String userId,
            String sessionId,
            String role,
            long expiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {}

    /** {@code e2ee} is an extension, written only for a call encrypted end to end. */
    public record CallJoined(
            String sessionId,
            WireParticipant self,
            List<WireParticipant> participants,
            List<IceServer> iceServers,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean e2ee) {}

    public record ParticipantJoined(String sessionId, WireParticipant participant) {}

    public record ParticipantLeft(String sessionId, String userId, String reason) {}

    public record ParticipantUpdated(String sessionId, WireParticipant participant) {}

    /** {@code streams} is an extension, written only when the sender sent it, so other clients see the contract's payload. */
    public record SdpRelay(
            String sessionId,
            String from,
            /** A {@link SdpSignal.Description} or {@link SdpSignal.RawDescription}. */
            Object sdp,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> streams) {}

    public record IceRelay(String sessionId, String from, IceSignal.Candidate candidate) {}

    public record ErrorBody(String code, String message) {}

    /** {@code auth_error}. */
    public record AuthError(String code, String message) {}

    /** {@code call_error}: a failure of an event sent without an acknowledgement. */
    public record CallError(String event, String code, String message) {}

    /** A failed acknowledgement. */
    public record Failure(boolean ok, ErrorBody error) {
        static Failure of(SignalingException e) {
            return new Failure(false, new ErrorBody(e.code().name(), e.getMessage()));
        }
    }

    /** A successful acknowledgement with nothing more to say. */
    public record Ok(boolean ok) {
        static final Ok OK = new Ok(true);
    }

    public record AuthenticatedAck(
            boolean ok,
            String userId,
            String sessionId,
            String role,
            long expiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {}

    /** {@code e2ee} is an extension, written only for a call encrypted end to end. */
    public record JoinAck(
            boolean ok,
            String sessionId,
            WireParticipant self,
            List<WireParticipant> participants,
            List<IceServer> iceServers,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean e2ee) {}

    public record ParticipantAck(boolean ok, WireParticipant participant) {}

    /** An SDP in the shape of WebRTC's {@code RTCSessionDescriptionInit}. */
    public record Description(String type, String sdp) {}

    /** The acknowledgement of {@code sfu_publish}: the SFU's answer. */
    public record SfuPublishAck(boolean ok, Description sdp) {}

    /** {@code media_mode}. */
    public record MediaMode(String sessionId, String mode) {}

    /** One m-line of the client's subscriber connection in {@code sfu_offer}. */
    public record SfuStream(String mid, String userId, String kind, String source) {}

    /** {@code sfu_offer}: the SFU's offer for the client's subscriber connection. */
    public record SfuOffer(String sessionId, Description sdp, List<SfuStream> streams) {}

    /** {@code active_speakers}. */
    public record ActiveSpeakers(String sessionId, List<String> userIds) {}

    /** {@code sfu_reset}. */
    public record SfuReset(String sessionId, String reason) {}

    /** {@code recording_state}: whether the call is recorded now; {@code by} started it. */
    public record RecordingState(String sessionId, boolean recording, String by, String recordingId) {}

    /** The acknowledgement of {@code start_recording} and {@code stop_recording}. */
    public record RecordingAck(boolean ok, String recordingId) {}

    /** {@code mute_request}: a host ({@code by}: its userId, or {@code api}) asks the receiver to mute a track. */
    public record MuteRequest(String sessionId, String kind, String by) {}

    /** {@code removed}: the receiver was taken out of the call. */
    public record Removed(String sessionId, String by) {}

    /** {@code call_ended}: the call is over for everyone. */
    public record CallEnded(String sessionId, String by, String reason) {}

    /** {@code data}: an in-call message; {@code topic} null when the sender gave none. */
    public record Data(String sessionId, String from, String topic, RawJson payload) {}
}
