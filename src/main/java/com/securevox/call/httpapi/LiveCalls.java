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

        static Calls of(StatsSource stats, LiveQuality quality) {
            return of(stats.activeCalls(), stats::mediaOf, quality, stats.connectedUsers());
        }

        static Calls of(
                List<CallSnapshot> calls, Function<String, String> mediaOf, LiveQuality quality, int connectedUsers) {
            return new Calls(
                    calls.stream()
                            .map(c -> Call.of(c, mediaOf.apply(c.sessionId()), quality))
                            .toList(),
                    connectedUsers);
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
     */
    record Call(
            String sessionId,
            List<String> participants,
            String media,
            boolean e2ee,
            long startedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String grade,
            Map<String, String> grades) {
        Call {
            participants = List.copyOf(participants);
            // In join order, as the participants: a page lists them so.
            grades = Collections.unmodifiableMap(new LinkedHashMap<>(grades));
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
                    grades);
        }
    }
}
