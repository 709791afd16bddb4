package com.securevox.call.ring;

import java.util.Collection;
import java.util.Set;

/**
 * Port: who is in a call served by another node, so that an invite answers {@code busy} for them as {@link Busy} does
 * for this node's calls. Reading it is I/O: ringing reads it before an invite takes its locks and passes what it
 * found in, like the {@link DeviceDirectory}.
 */
@FunctionalInterface
public interface BusyElsewhere {
    /** One node: every call is this node's, and {@link Busy} sees them all. */
    BusyElsewhere NONE = userIds -> Set.of();

    /**
     * Those of {@code userIds} in a call another live node serves. Blocks on I/O: never on an event loop, never under
     * a ring's lock. Empty when it cannot be read: the invite rings them, as before anyone knew.
     */
    Set<String> inCall(Collection<String> userIds);
}
