package com.securevox.call.media;

/** An SDP offer or answer, as WebRTC's {@code RTCSessionDescriptionInit}. */
public record SessionDescription(Type type, String sdp) {
    public enum Type {
        OFFER,
        ANSWER
    }

    public SessionDescription {
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: OFFER or ANSWER)");
        }
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("sdp: " + (sdp == null ? "null" : "blank") + " (expected: an SDP)");
        }
    }
}
