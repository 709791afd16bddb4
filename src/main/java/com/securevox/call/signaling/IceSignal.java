package com.securevox.call.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/** An ICE candidate relayed between two participants; empty means end of candidates (null on the wire). */
public record IceSignal(Optional<Candidate> candidate) implements RelayedSignal {

    /** The RTCIceCandidateInit fields, as relayed. */
    public record Candidate(
            String candidate,
            String sdpMid,
            Integer sdpMLineIndex,
            @JsonInclude(JsonInclude.Include.NON_NULL) String usernameFragment) {}

    @Override
    public String toString() {
        return "IceSignal[" + (candidate.isPresent() ? "candidate" : "end-of-candidates") + "]";
    }
}
