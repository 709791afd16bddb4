package com.securevox.call.media;

/** One ICE candidate, as WebRTC's {@code RTCIceCandidateInit}; {@code sdpMid} or {@code sdpMLineIndex} may be null. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
    public IceCandidate {
        if (candidate == null) {
            throw new IllegalArgumentException(
                    "candidate: null (expected: a candidate line, empty for end of candidates)");
        }
        if (sdpMLineIndex != null && sdpMLineIndex < 0) {
            throw new IllegalArgumentException("sdpMLineIndex: " + sdpMLineIndex + " (expected: >= 0)");
        }
    }
}
