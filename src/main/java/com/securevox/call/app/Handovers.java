package com.securevox.call.app;

import com.securevox.call.call.CallHandover;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link CallHandover}, handed over once the call registry exists. The cluster is built before the registry (the
 * registry's journal includes the cluster's, and joins ask the cluster which node serves a call), but it needs the
 * handover only once calls come, after the wiring is done; until then there is nothing to restore or write.
 */
final class Handovers {
    private volatile CallHandover handover;

    /** @throws IllegalStateException when one was set already: there is one registry */
    void set(CallHandover handover) {
        Objects.requireNonNull(handover, "handover: null (expected: the CallHandover of the call registry)");
        synchronized (this) {
            if (this.handover != null) {
                throw new IllegalStateException("handover: set twice (expected: once, when the registry exists)");
            }
            this.handover = handover;
        }
    }

    Optional<CallHandover> get() {
        return Optional.ofNullable(handover);
    }
}
