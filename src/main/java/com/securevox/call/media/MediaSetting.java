package com.securevox.call.media;

import java.util.Locale;

/**
 * How calls carry media ({@code SECUREVOX_CALL_MEDIA}): {@code AUTO} peer to peer for two and through the SFU from
 * the third participant on, {@code MESH} always peer to peer, {@code SFU} always through the SFU.
 */
public enum MediaSetting {
    AUTO,
    MESH,
    SFU;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
