package com.securevox.call.call;

import java.util.Objects;

/**
 * A message from one participant to everyone else in its call (in-call data, as opposed to a signal to one peer),
 * under the call's lock like every other change of a call, so it takes its place in the call's order.
 */
public final class Broadcasts {
    private final CallRegistry registry;

    public Broadcasts(CallRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry: null (expected: the CallRegistry)");
    }

    /**
     * Sends {@code signal} from the connection's participant to every other participant of its call, in join order;
     * kept for those in reconnect grace while their buffer has room (a full buffer misses it: it is not theirs alone to
     * refuse).
     *
     * @return how many it was sent or kept for
     * @throws CallException {@link CallError#NOT_IN_CALL} if the connection is in no call
     */
    public int toAll(ConnectionId from, Signal signal) {
        Objects.requireNonNull(signal, "signal: null (expected: the message to relay)");
        int maxPending = registry.policy().maxPendingPerParticipant();
        return registry.inCallOf(from, (call, sender) -> {
                    CallEvent.Relayed relayed = new CallEvent.Relayed(call.sessionId, sender.userId(), signal);
                    int reached = 0;
                    for (Member other : call.othersThan(sender)) {
                        switch (other.presence()) {
                            case Presence.Live(ConnectionId connection) ->
                                registry.outbox()
                                        .deliver(
                                                connection,
                                                relayed,
                                                Bounces.onUndelivered(registry, connection, relayed));
                            case Presence.Away away -> {
                                if (away.pending().size() >= maxPending) {
                                    continue;
                                }
                                away.pending().addLast(relayed);
                            }
                        }
                        reached++;
                    }
                    return reached;
                })
                .orElseThrow(() -> Refusals.notInCall(from));
    }
}
