package com.securevox.call.store;

import com.securevox.call.media.MediaMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to the history. Every kind is idempotent (an insert of an existing id or a second close changes
 * nothing), so a batch whose commit may or may not have happened can be written again.
 */
public sealed interface HistoryWrite {

    /** {@code e2ee}: its media is encrypted end to end. */
    record CallOpened(String callId, String sessionId, Instant startedAt, boolean e2ee) implements HistoryWrite {
        public CallOpened {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** A call that is not encrypted end to end. */
        public CallOpened(String callId, String sessionId, Instant startedAt) {
            this(callId, sessionId, startedAt, false);
        }
    }

    /**
     * A participant session began.
     *
     * @param participants how many are in the call now: the call's peak so far is at least that
     */
    record ParticipantOpened(
            String participantId,
            String callId,
            String userId,
            String role,
            Instant joinedAt,
            String transport,
            String userAgent,
            int participants)
            implements HistoryWrite {
        public ParticipantOpened {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(joinedAt, "joinedAt");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(userAgent, "userAgent");
        }
    }

    record ParticipantClosed(String participantId, Instant leftAt, String reason) implements HistoryWrite {
        public ParticipantClosed {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(leftAt, "leftAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    record CallClosed(String callId, Instant endedAt, long durationSeconds, int peakParticipants, String endReason)
            implements HistoryWrite {
        public CallClosed {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(endedAt, "endedAt");
            Objects.requireNonNull(endReason, "endReason");
        }
    }

    /**
     * The call's media went {@code media}. Only ever raises what the call used (mesh to sfu): a call that was on the
     * SFU stays an SFU call when it moves back, and writing the same again changes nothing.
     */
    record CallMediaUsed(String callId, MediaMode media) implements HistoryWrite {
        public CallMediaUsed {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(media, "media");
        }
    }

    /**
     * A ring began: the ring and its invitees with their first states, in the invite's order.
     *
     * @param invitees each {@code userId} and first state's wire name
     */
    record RingOpened(
            String ringId,
            String sessionId,
            String caller,
            String media,
            Instant createdAt,
            List<Map.Entry<String, String>> invitees,
            Optional<String> addedTo)
            implements HistoryWrite {
        public RingOpened {
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(media, "media");
            Objects.requireNonNull(createdAt, "createdAt");
            invitees = List.copyOf(invitees);
            Objects.requireNonNull(addedTo, "addedTo");
        }

        /** The ring that rang a call. */
        public RingOpened(
                String ringId,
                String sessionId,
                String caller,
                String media,
                Instant createdAt,
                List<Map.Entry<String, String>> invitees) {
            this(ringId, sessionId, caller, media, createdAt, invitees, Optional.empty());
        }
    }

    /** An invitee's ring ended in {@code state}; the first outcome stays. */
    record InviteeDecided(String ringId, String userId, String state, Instant at) implements HistoryWrite {
        public InviteeDecided {
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Nobody may answer the ring any more. */
    record RingClosed(String ringId, Instant endedAt) implements HistoryWrite {
        public RingClosed {
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(endedAt, "endedAt");
        }
    }
}
