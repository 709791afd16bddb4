package com.securevox.call.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals kept for a participant in reconnect grace, replayed in order when it comes back. Two runs: those its
 * server had sent to its socket just as that socket went (its transport, or the edge node holding it, found the
 * socket closed and gave them back, see {@link Bounces}), then those relayed to it since its server learnt it was
 * gone. The first run was sent before the second, so it replays first, each run in its own order.
 *
 * <p>Mutable, like the rest of a call's state, and only touched under the call's lock.
 */
final class HeldSignals {
    private final ArrayDeque<CallEvent.Relayed> bounced = new ArrayDeque<>();
    private final ArrayDeque<CallEvent.Relayed> since = new ArrayDeque<>();

    /** How many are kept. */
    int size() {
        return bounced.size() + since.size();
    }

    /** Keeps one relayed since the socket went, after every other one. */
    void addLast(CallEvent.Relayed relayed) {
        since.addLast(relayed);
    }

    /**
     * Keeps one that was sent to the socket before it went and came back undelivered: after the others that came
     * back, before every one relayed since.
     */
    void addBounced(CallEvent.Relayed relayed) {
        bounced.addLast(relayed);
    }

    /** Every one kept, in the order to replay them. */
    List<CallEvent.Relayed> inOrder() {
        List<CallEvent.Relayed> all = new ArrayList<>(size());
        all.addAll(bounced);
        all.addAll(since);
        return all;
    }
}
