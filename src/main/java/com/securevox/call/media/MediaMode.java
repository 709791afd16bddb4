package com.securevox.call.media;

import java.util.Locale;

/** How one call carries its media now: a mesh of peer-to-peer connections, or through the SFU. */
public enum MediaMode {
    MESH,
    SFU;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
