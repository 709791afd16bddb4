package com.securevox.call.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened to a call, for its history and metrics: told once per fact to the {@link CallJournal}, unlike a {@link
 * CallEvent}, which is told to each connection that should hear of it (and to none when nobody is left to tell, as
 * when the last participant goes). The set is closed.
 */
public sealed interface CallFact {

    String sessionId();

    /** When it happened, by the registry's clock. */
    Instant at();

    /** The first participant joined: the call exists from now on, encrypted end to end if {@code e2ee}. */
    record CallStarted(String sessionId, Instant at, boolean e2ee) implements CallFact {
        public CallStarted {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(at, "at: null (expected: when the call started)");
        }

        /** A call that is not encrypted end to end. */
        public CallStarted(String sessionId, Instant at) {
            this(sessionId, at, false);
        }
    }

    /**
     * The call went on here after another node that served it stopped ({@link CallHandover#restore}): told instead of
     * {@link CallStarted} and a {@link ParticipantJoined} for each, since the call and their sessions began there and
     * go on. Everyone is in reconnect grace; one that does not come back leaves with {@link LeaveReason#DISCONNECTED}.
     *
     * @param startedAt when the call started, on the node that served it first
     * @param at when this node took it over
     * @param participants everyone in the call, in join order
     * @param peakParticipants the most participants the call has had at once, there and here
     */
    record CallResumed(
            String sessionId,
            Instant startedAt,
            Instant at,
            List<Participant> participants,
            boolean e2ee,
            int peakParticipants)
            implements CallFact {
        public CallResumed {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(startedAt, "startedAt: null (expected: when the call started)");
            Objects.requireNonNull(at, "at: null (expected: when the call was taken over)");
            participants = List.copyOf(participants);
        }
    }

    /**
     * A participant session began: a new participant, or a user taking their place again from another socket (after
     * a {@link LeaveReason#REPLACED} of the old one). A socket coming back within the reconnect grace continues its
     * session and is no fact.
     *
     * @param participants how many are in the call now, this one included
     */
    record ParticipantJoined(String sessionId, Participant participant, ClientInfo client, int participants, Instant at)
            implements CallFact {
        public ParticipantJoined {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(participant, "participant: null (expected: the one who joined)");
            Objects.requireNonNull(client, "client: null (expected: how the participant connected)");
            Objects.requireNonNull(at, "at: null (expected: when the participant joined)");
        }
    }

    /** A participant muted or unmuted a track (told even when nothing changed, as the others are). */
    record ParticipantUpdated(String sessionId, Participant participant, Instant at) implements CallFact {
        public ParticipantUpdated {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(participant, "participant: null (expected: the participant as it is now)");
            Objects.requireNonNull(at, "at: null (expected: when the participant changed)");
        }
    }

    /**
     * A participant's socket dropped and it is in reconnect grace: still in the call, unreachable. Followed by {@link
     * ParticipantBack} if it comes back in time, else by its {@link ParticipantLeft} ({@link
     * LeaveReason#DISCONNECTED}).
     */
    record ParticipantAway(String sessionId, String userId, Instant at) implements CallFact {
        public ParticipantAway {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(userId, "userId: null (expected: the one whose socket dropped)");
            Objects.requireNonNull(at, "at: null (expected: when the socket dropped)");
        }
    }

    /** A participant in reconnect grace joined again from a new socket: its session goes on. */
    record ParticipantBack(String sessionId, String userId, Instant at) implements CallFact {
        public ParticipantBack {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(userId, "userId: null (expected: the one who came back)");
            Objects.requireNonNull(at, "at: null (expected: when it came back)");
        }
    }

    /** A participant session ended. */
    record ParticipantLeft(String sessionId, String userId, LeaveReason reason, Instant at) implements CallFact {
        public ParticipantLeft {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(userId, "userId: null (expected: the one who left)");
            Objects.requireNonNull(reason, "reason: null (expected: a LeaveReason)");
            Objects.requireNonNull(at, "at: null (expected: when the participant left)");
        }
    }

    /**
     * The last participant is gone; follows that participant's {@link ParticipantLeft}.
     *
     * @param reason why the last participant went
     */
    record CallEnded(String sessionId, Instant startedAt, Instant at, int peakParticipants, LeaveReason reason)
            implements CallFact {
        public CallEnded {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(startedAt, "startedAt: null (expected: when the call started)");
            Objects.requireNonNull(at, "at: null (expected: when the call ended)");
            Objects.requireNonNull(reason, "reason: null (expected: a LeaveReason)");
        }
    }
}
