package com.securevox.call.ring;

import java.util.Objects;

/**
 * What ringing needs when several nodes share the calls: who has device connections elsewhere, how notices reach
 * them, and what keeps a rung call's lease. {@link #NONE} for one node.
 */
public record RingNodes(DeviceDirectory directory, RingRelay relay, RungCalls calls) {
    public static final RingNodes NONE = new RingNodes(DeviceDirectory.NONE, RingRelay.NONE, RungCalls.NONE);

    public RingNodes {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(calls, "calls");
    }
}
