package com.securevox.call.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a call's timelines say: each participant's points with its mean and lowest MOS and its grade, and the call's
 * grade, which is its worst participant's (a call is as good as the worst experience in it). MOS and grades are null
 * where no point had a MOS (no received audio was reported).
 */
public record CallQuality(
        String sessionId, Double mos, Grade grade, List<Participant> participants, List<TimelineEvent> events) {

    public record Participant(String userId, Double mos, Double minMos, Grade grade, List<QualityPoint> points) {}

    /** A call's quality without its events. */
    public static CallQuality of(String sessionId, List<ParticipantPoint> points) {
        return of(sessionId, points, List.of());
    }

    /**
     * @param points the call's points, in time order
     * @param events the call's events, in time order
     */
    public static CallQuality of(String sessionId, List<ParticipantPoint> points, List<TimelineEvent> events) {
        Map<String, List<QualityPoint>> byUser = new LinkedHashMap<>();
        for (ParticipantPoint p : points) {
            byUser.computeIfAbsent(p.userId(), u -> new ArrayList<>()).add(p.point());
        }
        List<Participant> participants = new ArrayList<>();
        byUser.forEach((userId, timeline) -> {
            OptionalDouble mean = mosValues(timeline).average();
            OptionalDouble min = mosValues(timeline).min();
            participants.add(new Participant(
                    userId,
                    mean.isPresent() ? mean.getAsDouble() : null,
                    min.isPresent() ? min.getAsDouble() : null,
                    mean.isPresent() ? Grade.of(mean.getAsDouble()) : null,
                    List.copyOf(timeline)));
        });
        OptionalDouble worst = participants.stream()
                .map(Participant::mos)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .min();
        return new CallQuality(
                sessionId,
                worst.isPresent() ? worst.getAsDouble() : null,
                worst.isPresent() ? Grade.of(worst.getAsDouble()) : null,
                List.copyOf(participants),
                List.copyOf(events));
    }

    private static java.util.stream.DoubleStream mosValues(List<QualityPoint> timeline) {
        return timeline.stream().map(QualityPoint::mos).filter(Objects::nonNull).mapToDouble(Double::doubleValue);
    }
}
