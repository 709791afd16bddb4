package com.securevox.call.media;

/** One of a participant's two peer connections with the SFU. */
public enum PeerLink {
    /** Carries the participant's own media to the SFU; the client offers. */
    PUBLISHER,
    /** Carries everyone else's media to the participant; the SFU offers. */
    SUBSCRIBER
}
