package com.securevox.call.call;

import java.util.List;
import java.util.Objects;

/**
 * What the domain tells one connection. The signaling layer maps each kind to exactly one Socket.IO event, so the set
 * is closed: adding a kind must break every exhaustive switch over it.
 */
public sealed interface CallEvent {

    String sessionId();

    /**
     * To the joiner itself ({@code call_joined}): its own participant and the others, in join order, and whether the
     * call is encrypted end to end.
     */
    record Joined(String sessionId, Participant self, List<Participant> others, boolean e2ee) implements CallEvent {
        public Joined {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(self, "self: null (expected: the joiner's participant)");
            others = List.copyOf(others);
        }

        /** Joined to a call that is not encrypted end to end. */
        public Joined(String sessionId, Participant self, List<Participant> others) {
            this(sessionId, self, others, false);
        }
    }

    /** To everyone else when a new participant joins ({@code participant_joined}). */
    record ParticipantJoined(String sessionId, Participant participant) implements CallEvent {
        public ParticipantJoined {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(participant, "participant: null (expected: the one who joined)");
        }
    }

    /**
     * {@code participant_left}: to everyone else for {@link LeaveReason#LEFT} and {@link LeaveReason#DISCONNECTED};
     * only to the replaced socket itself for {@link LeaveReason#REPLACED}.
     */
    record ParticipantLeft(String sessionId, String userId, LeaveReason reason) implements CallEvent {
        public ParticipantLeft {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(userId, "userId: null (expected: the one who left)");
            Objects.requireNonNull(reason, "reason: null (expected: a LeaveReason)");
        }
    }

    /** To everyone else when a participant's state changes ({@code participant_updated}). */
    record ParticipantUpdated(String sessionId, Participant participant) implements CallEvent {
        public ParticipantUpdated {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(participant, "participant: null (expected: the updated participant)");
        }
    }

    /** A signal from {@code fromUserId} to the receiving connection ({@code offer}, {@code answer}, ...). */
    record Relayed(String sessionId, String fromUserId, Signal signal) implements CallEvent {
        public Relayed {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(fromUserId, "fromUserId: null (expected: the sender's user id)");
            Objects.requireNonNull(signal, "signal: null (expected: the relayed message)");
        }
    }

    /**
     * To the participant a host muted ({@code mute_request}): it should mute its {@code kind} track. {@code by} is the
     * host's userId, or {@code api} for the backend.
     */
    record MuteRequested(String sessionId, MediaKind kind, String by) implements CallEvent {
        public MuteRequested {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(kind, "kind: null (expected: a MediaKind)");
            Objects.requireNonNull(by, "by: null (expected: who asked)");
        }
    }

    /** To the participant a host removed ({@code removed}), just before it is taken out of the call. */
    record Removed(String sessionId, String by) implements CallEvent {
        public Removed {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(by, "by: null (expected: who removed it)");
        }
    }

    /** To everyone in a call a host ended ({@code call_ended}); nobody is in the call afterwards. */
    record Ended(String sessionId, String by, LeaveReason reason) implements CallEvent {
        public Ended {
            Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
            Objects.requireNonNull(by, "by: null (expected: who ended it)");
            Objects.requireNonNull(reason, "reason: null (expected: a LeaveReason)");
        }
    }
}
