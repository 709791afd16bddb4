package com.securevox.call.signaling;

import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Metadata;
import java.util.Optional;

/** Every event a client may send, decoded and validated. Built only by {@link ClientEventDecoder}. */
public sealed interface ClientEvent {

    record Authenticate(String token) implements ClientEvent {
        @Override
        public String toString() {
            return "Authenticate[token=***]";
        }
    }

    record JoinCall(String sessionId, Optional<Metadata> metadata, boolean audioMuted, boolean videoMuted)
            implements ClientEvent {}

    /** {@code sessionId} is empty when the client named no call: it means the call it is in. */
    record LeaveCall(Optional<String> sessionId) implements ClientEvent {}

    /** An offer or answer for one other participant. */
    record Sdp(String to, SdpSignal signal) implements ClientEvent {}

    record Ice(String to, IceSignal signal) implements ClientEvent {}

    record Mute(MediaKind kind, boolean muted) implements ClientEvent {}
}
