package com.securevox.call.config;

import java.util.Locale;

/** How calls carry media ({@code SECUREVOX_CALL_MEDIA}). */
public enum MediaMode {
    /** Through the SFU when there is one (the call logic picks per call), else mesh. */
    AUTO,
    /** Always peer to peer between every pair of participants, even with an SFU. */
    MESH,
    /** Always through the SFU; a configuration without one is refused. */
    SFU;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What this means with or without an SFU: {@code auto} is mesh when there is none. */
    public MediaMode effective(boolean sfuAvailable) {
        return this == AUTO && !sfuAvailable ? MESH : this;
    }
}
