package com.securevox.call.janus;

import com.securevox.call.media.SessionDescription;

/** An SDP as Janus carries it next to a plugin message or event ({@code jsep}: {@code type}, {@code sdp}). */
public record Jsep(SessionDescription.Type type, String sdp) {
    public Jsep {
        if (type == null) {
            throw new IllegalArgumentException("jsep.type: null (expected: OFFER or ANSWER)");
        }
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("jsep.sdp: " + (sdp == null ? "null" : "blank") + " (expected: an SDP)");
        }
    }

    public static Jsep of(SessionDescription description) {
        return new Jsep(description.type(), description.sdp());
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
        return "Jsep[type=" + type + ", sdp=" + sdp.length() + " characters]";
    }
}
