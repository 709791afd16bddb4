package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.securevox.call.call.CallSnapshot;
import com.securevox.call.quality.Grade;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What the live calls page shows: the calls as they are now, this node's and, with several nodes, every other node's
 * (see {@link ClusterLiveCalls}). Durations are left to the page (it counts from
 * {@code startedAt} against {@code serverTime}), so the calls' part changes only when a call or its members do, and
 * the event stream sends only then.
 *
 * @param serverTime when this was taken, epoch milliseconds
 * @param node the node that answered; null for a server that is not part of a cluster
 */
record LiveCalls(
        long serverTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) String node,
        @JsonUnwrapped Calls now) {

    /**
     * The part that is compared between two looks.
     *
     * @param connectedUsers users with a socket on the nodes that answered, in a call or not
     * @param nodes with several nodes, each node's part, so that the page says whose calls are missing; null for a
     *     lone server, and in a node's answer for itself alone (to another node)
     */
    record Calls(
            List<Call> calls,
            int connectedUsers,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<NodePart> nodes) {
        Calls {
            calls = List.copyOf(calls);
            nodes = nodes == null ? null : List.copyOf(nodes);
        }

        static Calls of(StatsSource stats, LiveQuality quality) {
            return of(stats.activeCalls(), stats::mediaOf, quality, stats.connectedUsers());
        }

        static Calls of(
                List<CallSnapshot> calls, Function<String, String> mediaOf, LiveQuality quality, int connectedUsers) {
            return new Calls(
                    calls.stream()
                            .map(c -> Call.of(c, mediaOf.apply(c.sessionId()), quality))
                            .toList(),
                    connectedUsers,
                    null);
        }

        /** The same calls, each marked as served by {@code node}. */
        Calls on(String node) {
            return new Calls(calls.stream().map(c -> c.on(node)).toList(), connectedUsers, nodes);
        }
    }

    /**
     * One node's part: {@code ok} with how many calls it serves, or {@code unreachable} with why (its calls are then
     * missing from the list).
     */
    record NodePart(
            String id,
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer calls,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
        static NodePart ok(String id, int calls) {
            return new NodePart(id, "ok", calls, null);
        }

        static NodePart unreachable(String id, String error) {
            return new NodePart(id, "unreachable", null, error);
        }
    }

    /**
     * One call. Grades rather than MOS values: a grade changes seldom, so the event stream stays quiet while the
     * numbers move within a band.
     *
     * @param participants user ids in join order, including those in reconnect grace
     * @param media {@code mesh} or {@code sfu}
     * @param startedAt epoch milliseconds
     * @param grade the call's quality grade from its participants' latest reports: its worst participant's, as in
     *     {@code GET /api/calls/{sessionId}/quality}; null before any report with a MOS
     * @param grades each participant's grade, for those with one
     * @param audioMuted the participants whose audio is muted, in join order
     * @param videoMuted likewise for video
     * @param node with several nodes, the node serving the call
     */
    record Call(
            String sessionId,
            List<String> participants,
            String media,
            boolean e2ee,
            long startedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String grade,
            Map<String, String> grades,
            List<String> audioMuted,
            List<String> videoMuted,
            @JsonInclude(JsonInclude.Include.NON_NULL) String node) {
        Call {
            participants = List.copyOf(participants);
            // In join order, as the participants: a page lists them so.
            grades = Collections.unmodifiableMap(new LinkedHashMap<>(grades));
            audioMuted = List.copyOf(audioMuted);
            videoMuted = List.copyOf(videoMuted);
        }

        static Call of(CallSnapshot call, String media, LiveQuality quality) {
            Map<String, String> grades = new LinkedHashMap<>();
            OptionalDouble worst = OptionalDouble.empty();
            for (String userId : call.participants()) {
                Optional<Double> mos = quality.recentMos(call.sessionId(), userId);
                if (mos.isPresent()) {
                    grades.put(userId, Grade.of(mos.get()).wireName());
                    worst = OptionalDouble.of(Math.min(worst.orElse(Double.MAX_VALUE), mos.get()));
                }
            }
            return new Call(
                    call.sessionId(),
                    call.participants(),
                    media,
                    call.e2ee(),
                    call.startedAt().toEpochMilli(),
                    worst.isPresent() ? Grade.of(worst.getAsDouble()).wireName() : null,
                    grades,
                    call.participants().stream()
                            .filter(call.audioMuted()::contains)
                            .toList(),
                    call.participants().stream()
                            .filter(call.videoMuted()::contains)
                            .toList(),
                    null);
        }

        Call on(String node) {
            return new Call(
                    sessionId, participants, media, e2ee, startedAt, grade, grades, audioMuted, videoMuted, node);
        }
    }
}
