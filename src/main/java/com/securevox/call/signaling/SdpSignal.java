package com.securevox.call.signaling;

/** A session description relayed between two participants: {@code {type, sdp}} on the wire. */
public record SdpSignal(Kind kind, String type, String sdp) implements RelayedSignal {
    /** Which event carried it, and so which event the receiver gets. */
    public enum Kind {
        OFFER,
        ANSWER
    }

    /** The {@code sdp} object as relayed. */
    public record Description(String type, String sdp) {}

    public Description description() {
        return new Description(type, sdp);
    }

    @Override
    public String toString() {
        // SDP bodies never reach logs: they carry ICE credentials and fingerprints.
        return "SdpSignal[" + kind + ", type=" + type + ", " + sdp.length() + " chars]";
    }
}
