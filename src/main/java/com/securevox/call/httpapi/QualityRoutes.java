package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import com.securevox.call.quality.CallQuality;
import com.securevox.call.quality.Grade;
import com.securevox.call.quality.QualityPoint;
import com.securevox.call.quality.TimelineEvent;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/calls/{sessionId}/quality}: each participant's timeline with its mean and lowest estimated MOS and
 * grade, the call's grade, and the call's events (joins, leaves, mutes, reconnects) for the same time axis; times in epoch milliseconds like the rest of the history. Any node can answer: the
 * timelines are in the history database.
 */
final class QualityRoutes {
    private static final String SUFFIX = "/quality";

    private final CallQualitySource source;

    QualityRoutes(CallQualitySource source) {
        this.source = source;
    }

    /** The session id of a quality path; empty for any other path. */
    static Optional<String> sessionIdOf(String path) {
        if (!path.startsWith(HistoryRoutes.PREFIX) || !path.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String id = path.substring(HistoryRoutes.PREFIX.length(), path.length() - SUFFIX.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }

    Object one(String sessionId) {
        if (!Ids.isValid(sessionId)) {
            throw new HttpApiException(HttpError.INVALID_QUERY, Ids.problem("sessionId", sessionId));
        }
        CallQuality quality = DatabaseReads.read("the call quality", () -> source.quality(sessionId))
                .orElseThrow(() -> new HttpApiException(
                        HttpError.NOT_FOUND, "sessionId: '" + sessionId + "' has no recorded call"));
        return new QualityView(
                quality.sessionId(),
                quality.mos(),
                name(quality.grade()),
                quality.participants().stream().map(ParticipantView::of).toList(),
                quality.events().stream().map(EventView::of).toList());
    }

    private static String name(Grade grade) {
        return grade == null ? null : grade.wireName();
    }

    record QualityView(
            String sessionId, Double mos, String grade, List<ParticipantView> participants, List<EventView> events) {}

    /** A join, leave (with its reason), mute or unmute, socket away or resumed, on the charts' time axis. */
    record EventView(long at, String userId, String kind, String reason) {
        static EventView of(TimelineEvent e) {
            return new EventView(e.at().toEpochMilli(), e.userId(), e.kind().wireName(), e.reason());
        }
    }

    record ParticipantView(String userId, Double mos, Double minMos, String grade, List<PointView> points) {
        static ParticipantView of(CallQuality.Participant p) {
            return new ParticipantView(
                    p.userId(),
                    p.mos(),
                    p.minMos(),
                    name(p.grade()),
                    p.points().stream().map(PointView::of).toList());
        }
    }

    record PointView(
            long at,
            Double outboundKbps,
            Double inboundKbps,
            Long packetsLost,
            Double lossRatio,
            Double jitterMs,
            Double rttMs,
            Double fps,
            Integer width,
            Integer height,
            Long framesDropped,
            Long freezes,
            String qualityLimitation,
            String candidateType,
            String protocol,
            String codec,
            Double mos) {
        static PointView of(QualityPoint q) {
            return new PointView(
                    q.at().toEpochMilli(),
                    q.outboundKbps(),
                    q.inboundKbps(),
                    q.packetsLost(),
                    q.lossRatio(),
                    q.jitterMs(),
                    q.rttMs(),
                    q.fps(),
                    q.width(),
                    q.height(),
                    q.framesDropped(),
                    q.freezes(),
                    q.limitation(),
                    q.candidateType(),
                    q.protocol(),
                    q.codec(),
                    q.mos());
        }
    }
}
