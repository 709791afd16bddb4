package com.securevox.call.signaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A session description relayed between two participants: {@code {type, sdp}} on the wire.
 *
 * @param streams the optional {@code streams} extension: the sender's MediaStream ids and what each carries
 *     ({@code camera} or {@code screen}), relayed as sent so receivers can tell a screen share from a camera; empty
 *     when the sender did not send the field, and then the receiver does not get it either
 * @param sdp the description, decoded; null when {@code literal} carries it
 * @param literal the description's JSON string literal as the client sent it (already validated by the parser and
 *     within the size limit), relayed as it is rather than decoded and escaped again; null when {@code sdp} carries it
 */
public record SdpSignal(
        Kind kind, String type, String sdp, Optional<Map<String, String>> streams, JsonStringLiteral literal)
        implements RelayedSignal {
    public SdpSignal {
        if ((sdp == null) == (literal == null)) {
            throw new IllegalArgumentException(
                    "sdp and literal: " + (sdp == null ? "neither" : "both") + " given (expected: exactly one)");
        }
        // Kept in the sender's order, and unmodifiable: a signal may wait in a reconnect buffer on another thread.
        streams = streams.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    public SdpSignal(Kind kind, String type, String sdp, Optional<Map<String, String>> streams) {
        this(kind, type, sdp, streams, null);
    }

    public SdpSignal(Kind kind, String type, JsonStringLiteral literal, Optional<Map<String, String>> streams) {
        this(kind, type, null, streams, literal);
    }

    public SdpSignal(Kind kind, String type, String sdp) {
        this(kind, type, sdp, Optional.empty());
    }

    /** Which event carried it, and so which event the receiver gets. */
    public enum Kind {
        OFFER,
        ANSWER
    }

    /** The {@code sdp} object as relayed. */
    public record Description(String type, String sdp) {}

    /** The {@code sdp} object as relayed, its {@code sdp} the JSON text the sender sent. */
    public record RawDescription(String type, JsonStringLiteral sdp) {}

    /** Whether the description is the sender's JSON text, relayed as it came. */
    public boolean json() {
        return literal != null;
    }

    /** A {@link Description}, or a {@link RawDescription} for a signal that carries the sender's JSON text. */
    public Object description() {
        return literal != null ? new RawDescription(type, literal) : new Description(type, sdp);
    }

    @Override
    public String toString() {
        // SDP bodies never reach logs: they carry ICE credentials and fingerprints.
        return "SdpSignal[" + kind + ", type=" + type + ", "
                + (literal != null ? literal.contentBytes() + " bytes of JSON" : sdp.length() + " chars")
                + ", streams="
                + streams.map(Map::size).map(String::valueOf).orElse("absent") + "]";
    }
}
