package com.securevox.call.call;

/** The two tracks a participant can mute ({@code mute_audio} and {@code mute_video} on the wire). */
public enum MediaKind {
    AUDIO,
    VIDEO
}
