package com.securevox.call.signaling;

import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Metadata;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.View;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every event a client may send, decoded and validated. Built only by {@link ClientEventDecoder}. */
public sealed interface ClientEvent {

    record Authenticate(String token) implements ClientEvent {
        @Override
        public String toString() {
            return "Authenticate[token=***]";
        }
    }

    /**
     * {@code sfuCapable}: the client declared {@code capabilities: ["sfu"]}; {@code e2ee}: it encrypts its media end
     * to end (both our extensions).
     */
    record JoinCall(
            String sessionId,
            Optional<Metadata> metadata,
            boolean audioMuted,
            boolean videoMuted,
            boolean sfuCapable,
            boolean e2ee)
            implements ClientEvent {}

    /** {@code sessionId} is empty when the client named no call: it means the call it is in. */
    record LeaveCall(Optional<String> sessionId) implements ClientEvent {}

    /** An offer or answer for one other participant. */
    record Sdp(String to, SdpSignal signal) implements ClientEvent {}

    record Ice(String to, IceSignal signal) implements ClientEvent {}

    record Mute(MediaKind kind, boolean muted) implements ClientEvent {}

    /** The offer of the client's publisher connection; {@code sources}: its mids that carry camera or screen. */
    record SfuPublish(SessionDescription offer, Map<String, String> sources) implements ClientEvent {}

    /** The answer to the latest {@code sfu_offer}. */
    record SfuAnswer(SessionDescription answer) implements ClientEvent {}

    /** A candidate of one of the client's SFU connections; empty for end of candidates. */
    record SfuCandidate(PeerLink link, Optional<IceCandidate> candidate) implements ClientEvent {}

    /** How large the client shows each participant. */
    record SfuView(List<View> views) implements ClientEvent {}

    /**
     * {@code start_recording} ({@code start}) or {@code stop_recording}, by a host of the call; {@code sessionId}, when
     * given, must be the caller's call.
     */
    record Recording(boolean start, java.util.Optional<String> sessionId) implements ClientEvent {}

    /** What only a host of the call may ask (our extension); {@link HostControls} handles them all. */
    sealed interface HostControl extends ClientEvent {}

    /** Mute another participant's track. */
    record MuteParticipant(String userId, MediaKind kind) implements HostControl {}

    /** Take another participant out of the call. */
    record RemoveParticipant(String userId) implements HostControl {}

    /** End the call for everyone. */
    record EndCall() implements HostControl {}

    /**
     * An in-call message (our extension): to one participant ({@code to}), or to everyone else when {@code to} is
     * empty.
     */
    record Data(Optional<String> to, DataSignal signal) implements ClientEvent {}

    /** {@code call_invite}, {@code call_accept}, {@code call_decline} or {@code call_cancel}, from a device connection. */
    record Ringing(RingRequest request) implements ClientEvent {}

    /** A participant's connection statistics (our extension), for display only. */
    record QualityReport(com.securevox.call.quality.QualityReport report) implements ClientEvent {}
}
