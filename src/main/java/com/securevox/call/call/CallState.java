package com.securevox.call.call;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a call must carry to another node so that it goes on there ({@link CallHandover}): the call as its clients
 * know it, and what its rules still need. Signals waiting for participants in reconnect grace are not part of it: a
 * takeover after the owner died loses them, and clients resync after {@link JoinKind#RECONNECTED}; an owner that hands
 * the call over keeps them beside it ({@link CallStates#keepHeld}) for {@link CallHandover#restore(CallState,
 * java.util.List)}.
 *
 * @param participants everyone in the call, live or in reconnect grace, in join order
 * @param peakParticipants the most participants the call has had at once
 * @param removed userId → when a host removed it (see {@link Moderation#remove}): a token issued before stays refused
 */
public record CallState(
        String sessionId,
        Instant startedAt,
        boolean e2ee,
        int peakParticipants,
        List<Participant> participants,
        Map<String, Instant> removed) {

    public CallState {
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        Objects.requireNonNull(startedAt, "startedAt: null (expected: when the call started)");
        Objects.requireNonNull(participants, "participants: null (expected: the call's participants in join order)");
        Objects.requireNonNull(removed, "removed: null (expected: a map, empty when nobody was removed)");
        for (Map.Entry<String, Instant> entry : removed.entrySet()) {
            if (!Ids.isValid(entry.getKey())) {
                throw new IllegalArgumentException(Ids.problem("removed userId", entry.getKey()));
            }
            Objects.requireNonNull(
                    entry.getValue(), "removed['" + entry.getKey() + "']: null (expected: when it was removed)");
        }
        for (Participant participant : participants) {
            Objects.requireNonNull(participant, "participants of call '" + sessionId + "': a null (expected: none)");
        }
        participants = List.copyOf(participants);
        removed = Map.copyOf(removed);
        if (participants.isEmpty()) {
            throw new IllegalArgumentException("participants of call '" + sessionId
                    + "': none (expected: at least one; a call ends with its last)");
        }
        Set<String> seen = new HashSet<>();
        for (Participant participant : participants) {
            if (!seen.add(participant.userId())) {
                throw new IllegalArgumentException("participants of call '" + sessionId + "': '" + participant.userId()
                        + "' twice (expected: each user once)");
            }
            if (participant.joinedAt().isBefore(startedAt)) {
                throw new IllegalArgumentException("joinedAt of '" + participant.userId() + "': "
                        + participant.joinedAt() + " (expected: not before the call's start, " + startedAt + ")");
            }
        }
        if (peakParticipants < participants.size()) {
            throw new IllegalArgumentException("peakParticipants: " + peakParticipants + " (expected: >= "
                    + participants.size() + ", the participants now)");
        }
    }
}
