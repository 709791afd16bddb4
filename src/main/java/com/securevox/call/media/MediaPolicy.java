package com.securevox.call.media;

import java.util.Objects;

/**
 * When a call goes through the SFU, and what its room is made of.
 *
 * @param sfuFrom in {@link MediaSetting#AUTO}, the participant count at which a mesh moves to the SFU
 * @param maxPublishers the room's publisher cap (the call's participant cap)
 * @param bitrate each publisher's cap in bits/s, 0 for none
 */
public record MediaPolicy(MediaSetting setting, int sfuFrom, int maxPublishers, int bitrate) {
    public MediaPolicy {
        Objects.requireNonNull(setting, "setting: null (expected: AUTO, MESH or SFU)");
        if (sfuFrom < 2) {
            throw new IllegalArgumentException("sfuFrom: " + sfuFrom + " (expected: >= 2)");
        }
        if (maxPublishers <= 0) {
            throw new IllegalArgumentException("maxPublishers: " + maxPublishers + " (expected: > 0)");
        }
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate: " + bitrate + " (expected: >= 0)");
        }
    }

    /**
     * The mode a call should be in.
     *
     * <p>A call with anyone who cannot use the SFU is a mesh: an app that knows only the mesh events must keep
     * working. A call on the SFU stays there when it shrinks (moving back would cost everyone a renegotiation for a
     * saving of one hop) and while the SFU restarts (its rooms are re-created when it is back); a mesh does not move
     * to an SFU that is not up.
     *
     * @param participants how many are in the call
     * @param allCapable whether every one of them declared it can use the SFU
     * @param sfuUp whether the SFU is up now
     * @param recorded whether the call is to be recorded, which only the SFU can do
     */
    public MediaMode decide(MediaMode current, int participants, boolean allCapable, boolean sfuUp, boolean recorded) {
        if (setting == MediaSetting.MESH || !allCapable) {
            return MediaMode.MESH;
        }
        if (current == MediaMode.SFU) {
            return MediaMode.SFU;
        }
        if (!sfuUp) {
            return MediaMode.MESH;
        }
        return setting == MediaSetting.SFU || participants >= sfuFrom || recorded ? MediaMode.SFU : MediaMode.MESH;
    }
}
