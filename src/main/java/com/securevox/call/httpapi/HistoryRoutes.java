package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.securevox.call.call.Ids;
import com.securevox.call.store.CallHistory;
import com.securevox.call.store.CallPage;
import com.securevox.call.store.CallRecord;
import com.securevox.call.store.Cursor;
import com.securevox.call.store.ParticipantRecord;
import com.securevox.call.store.RingRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/calls} and {@code GET /api/calls/{sessionId}}: the recorded history, times in epoch milliseconds
 * like the participants' {@code joinedAt}. Reads block on the database; {@link HttpApi} runs off the I/O threads.
 */
final class HistoryRoutes {
    static final String PREFIX = "/api/calls/";

    private final CallHistory history;

    HistoryRoutes(CallHistory history) {
        this.history = history;
    }

    Object list(ApiRequest request) {
        var query = CallsQuery.parse(request.query());
        CallPage page = DatabaseReads.read("the call history", () -> history.calls(query));
        return new Calls(
                page.calls().stream().map(CallView::of).toList(),
                page.next().map(Cursor::token).orElse(null));
    }

    Object one(ApiRequest request) {
        String sessionId = request.path().substring(PREFIX.length());
        if (!Ids.isValid(sessionId)) {
            throw new HttpApiException(HttpError.INVALID_QUERY, Ids.problem("sessionId", sessionId));
        }
        CallRecord call = DatabaseReads.read("the call history", () -> history.call(sessionId))
                .orElseThrow(() -> new HttpApiException(
                        HttpError.NOT_FOUND, "sessionId: '" + sessionId + "' has no recorded call"));
        return CallDetail.of(call);
    }

    record Calls(List<CallView> calls, String nextCursor) {}

    record ParticipantView(
            String userId,
            String role,
            long joinedAt,
            Long leftAt,
            String leaveReason,
            String transport,
            String userAgent) {
        static ParticipantView of(ParticipantRecord p) {
            return new ParticipantView(
                    p.userId(),
                    p.role(),
                    p.joinedAt().toEpochMilli(),
                    p.leftAt().map(Instant::toEpochMilli).orElse(null),
                    p.leaveReason().orElse(null),
                    p.transport(),
                    p.userAgent());
        }
    }

    record CallView(
            String id,
            String sessionId,
            long startedAt,
            Long endedAt,
            Long durationSeconds,
            int peakParticipants,
            String endReason,
            String media,
            boolean e2ee,
            List<ParticipantView> participants,
            @JsonInclude(JsonInclude.Include.NON_NULL) RingView ring) {
        static CallView of(CallRecord c) {
            return new CallView(
                    c.id(),
                    c.sessionId(),
                    c.startedAt().toEpochMilli(),
                    c.endedAt().map(Instant::toEpochMilli).orElse(null),
                    c.durationSeconds().orElse(null),
                    c.peakParticipants(),
                    c.endReason().orElse(null),
                    c.media(),
                    c.e2ee(),
                    c.participants().stream().map(ParticipantView::of).toList(),
                    c.ring().map(RingView::of).orElse(null));
        }
    }

    /**
     * The ring of a rung call; each invitee's {@code at} is when its outcome came (null while undecided); {@code added}
     * the rings that added people to the call (absent in those rings themselves).
     */
    record RingView(
            String ringId,
            String from,
            String media,
            long createdAt,
            Long endedAt,
            List<InviteeView> invitees,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<RingView> added) {
        static RingView of(RingRecord r) {
            return of(r, r.added().stream().map(a -> of(a, null)).toList());
        }

        private static RingView of(RingRecord r, List<RingView> added) {
            return new RingView(
                    r.ringId(),
                    r.from(),
                    r.media(),
                    r.createdAt().toEpochMilli(),
                    r.endedAt().map(Instant::toEpochMilli).orElse(null),
                    r.invitees().stream()
                            .map(i -> new InviteeView(
                                    i.userId(),
                                    i.state(),
                                    i.at().map(Instant::toEpochMilli).orElse(null)))
                            .toList(),
                    added);
        }
    }

    record InviteeView(String userId, String state, Long at) {}

    /** One happening in a call, for its timeline; {@code userId} and {@code reason} only where they apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TimelineEntry(long at, String event, String userId, String reason) {}

    record CallDetail(
            String id,
            String sessionId,
            long startedAt,
            Long endedAt,
            Long durationSeconds,
            int peakParticipants,
            String endReason,
            String media,
            boolean e2ee,
            List<ParticipantView> participants,
            List<TimelineEntry> timeline,
            @JsonInclude(JsonInclude.Include.NON_NULL) RingView ring) {
        static CallDetail of(CallRecord c) {
            CallView view = CallView.of(c);
            return new CallDetail(
                    view.id(),
                    view.sessionId(),
                    view.startedAt(),
                    view.endedAt(),
                    view.durationSeconds(),
                    view.peakParticipants(),
                    view.endReason(),
                    view.media(),
                    view.e2ee(),
                    view.participants(),
                    timeline(c),
                    view.ring());
        }

        /** Start, joins and leaves, end; in time order, a leave before a join at the same instant (a replace). */
        private static List<TimelineEntry> timeline(CallRecord c) {
            record Ranked(Instant at, int rank, TimelineEntry entry) {}
            List<Ranked> entries = new ArrayList<>();
            entries.add(new Ranked(
                    c.startedAt(), 0, new TimelineEntry(c.startedAt().toEpochMilli(), "call_started", null, null)));
            for (ParticipantRecord p : c.participants()) {
                entries.add(new Ranked(
                        p.joinedAt(),
                        2,
                        new TimelineEntry(p.joinedAt().toEpochMilli(), "participant_joined", p.userId(), null)));
                p.leftAt()
                        .ifPresent(left -> entries.add(new Ranked(
                                left,
                                1,
                                new TimelineEntry(
                                        left.toEpochMilli(),
                                        "participant_left",
                                        p.userId(),
                                        p.leaveReason().orElse(null)))));
            }
            c.endedAt()
                    .ifPresent(ended -> entries.add(new Ranked(
                            ended,
                            3,
                            new TimelineEntry(
                                    ended.toEpochMilli(),
                                    "call_ended",
                                    null,
                                    c.endReason().orElse(null)))));
            // Stable: entries of equal time and rank keep the participants' join order.
            entries.sort(Comparator.comparing(Ranked::at).thenComparingInt(Ranked::rank));
            return entries.stream().map(Ranked::entry).toList();
        }
    }

    static Optional<String> sessionIdOf(String path) {
        return path.startsWith(PREFIX) && path.length() > PREFIX.length()
                ? Optional.of(path.substring(PREFIX.length()))
                : Optional.empty();
    }
}
