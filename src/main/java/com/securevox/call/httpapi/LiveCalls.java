package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.securevox.call.call.CallSnapshot;
import java.util.List;
import java.util.function.Function;

/**
 * What the live calls page shows: this node's calls as they are now. Durations are left to the page (it counts from
 * {@code startedAt} against {@code serverTime}), so the calls' part changes only when a call or its members do, and
 * the event stream sends only then.
 *
 * @param serverTime when this was taken, epoch milliseconds
 * @param node the node serving these calls; null for a server that is not part of a cluster
 */
record LiveCalls(
        long serverTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) String node,
        @JsonUnwrapped Calls now) {

    /**
     * The part that is compared between two looks.
     *
     * @param connectedUsers users with a socket on this node, in a call or not
     */
    record Calls(List<Call> calls, int connectedUsers) {
        Calls {
            calls = List.copyOf(calls);
        }

        static Calls of(StatsSource stats) {
            return of(stats.activeCalls(), stats::mediaOf, stats.connectedUsers());
        }

        static Calls of(List<CallSnapshot> calls, Function<String, String> mediaOf, int connectedUsers) {
            return new Calls(
                    calls.stream()
                            .map(c -> new Call(
                                    c.sessionId(),
                                    c.participants(),
                                    mediaOf.apply(c.sessionId()),
                                    c.e2ee(),
                                    c.startedAt().toEpochMilli()))
                            .toList(),
                    connectedUsers);
        }
    }

    /**
     * One call.
     *
     * @param participants user ids in join order, including those in reconnect grace
     * @param media {@code mesh} or {@code sfu}
     * @param startedAt epoch milliseconds
     */
    record Call(String sessionId, List<String> participants, String media, boolean e2ee, long startedAt) {
        Call {
            participants = List.copyOf(participants);
        }
    }
}
