package com.securevox.call.media;

/** Whether the SFU answers: {@code UP}, {@code CONNECTING} (starting, or reconnecting after a loss), {@code DOWN}. */
public enum SfuStatus {
    UP,
    CONNECTING,
    DOWN
}
