package com.securevox.call.janus;

import com.securevox.call.media.SessionDescription;

/**
 * An SDP as Janus carries it next to a plugin message or event ({@code jsep}: {@code type}, {@code sdp}, and {@code
 * e2ee} when the media it negotiates is encrypted end to end: a VideoRoom room with {@code require_e2ee} admits a
 * publisher only with it).
 */
public record Jsep(SessionDescription.Type type, String sdp, boolean e2ee) {
    public Jsep {
        if (type == null) {
            throw new IllegalArgumentException("jsep.type: null (expected: OFFER or ANSWER)");
        }
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("jsep.sdp: " + (sdp == null ? "null" : "blank") + " (expected: an SDP)");
        }
    }

    public Jsep(SessionDescription.Type type, String sdp) {
        this(type, sdp, false);
    }

    public static Jsep of(SessionDescription description) {
        return new Jsep(description.type(), description.sdp());
    }

    /** The same SDP, saying its media is encrypted end to end when {@code encrypted}. */
    Jsep encrypted(boolean encrypted) {
        return new Jsep(type, sdp, encrypted);
    }

    public SessionDescription description() {
        return new SessionDescription(type, sdp);
    }

    /** The name Janus uses for the type. */
    String wireType() {
        return switch (type) {
            case OFFER -> "offer";
            case ANSWER -> "answer";
        };
    }

    @Override
    public String toString() {
        return "Jsep[type=" + type + ", sdp=" + sdp.length() + " characters" + (e2ee ? ", e2ee" : "") + "]";
    }
}
