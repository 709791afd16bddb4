package com.securevox.call.quality;

import java.util.Locale;

/** What a participant did on a call's time axis; the wire names are lower case. */
public enum TimelineKind {
    /** A participant session began (a new participant, or one replacing its own other socket). */
    JOINED,
    /** A participant session ended; the event carries the leave reason. */
    LEFT,
    AUDIO_MUTED,
    AUDIO_UNMUTED,
    VIDEO_MUTED,
    VIDEO_UNMUTED,
    /** The socket dropped: the participant is in reconnect grace. */
    AWAY,
    /** The participant came back within the grace; its session goes on. */
    RESUMED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a wire name, as stored. */
    public static TimelineKind ofWire(String name) {
        for (TimelineKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind: '" + name + "' (expected: a timeline kind's wire name)");
    }
}
