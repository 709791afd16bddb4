package com.securevox.call.ring;

/**
 * Port: ringing's notices for a device connection on another node (over the node bus). Called under a ring's lock,
 * so it must only queue, like {@link RingOutbox}.
 */
@FunctionalInterface
public interface RingRelay {
    /** One node: no device connection is anywhere else, so nothing is ever relayed. */
    RingRelay NONE = (to, notice) -> {
        throw new IllegalStateException("no other node to relay to: " + to);
    };

    void relay(DeviceDirectory.Remote to, RingNotice notice);
}
