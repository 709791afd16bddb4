package com.securevox.call.ring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What happened to a ring, told once per fact to the {@link RingJournal}: the ring began ({@link Invited}), an invitee's
 * ring ended in an outcome ({@link Decided}), nobody may answer any more ({@link Over}). Ringing states on the way
 * ({@code calling}, {@code ringing}) are no facts: they are not outcomes. The set is closed.
 */
public sealed interface RingFact {

    String sessionId();

    UUID ringId();

    /** When it happened, by ringing's clock. */
    Instant at();

    /**
     * A ring began: {@code invitees} in the invite's order with their first states (those decided at once, such as
     * {@code busy} or {@code forbidden}, are each told again as a {@link Decided} right after). {@code addedTo}: the
     * call's first ring, when this one adds people to a call in progress ({@code caller} is then the one who added).
     */
    record Invited(
            String sessionId,
            UUID ringId,
            String caller,
            PushRing.Media media,
            List<RingAnswers.InviteeState> invitees,
            Instant expiresAt,
            Optional<UUID> addedTo,
            Instant at)
            implements RingFact {
        public Invited {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(media, "media");
            invitees = List.copyOf(invitees);
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(addedTo, "addedTo");
            Objects.requireNonNull(at, "at");
        }

        /** A call's first ring. */
        public Invited(
                String sessionId,
                UUID ringId,
                String caller,
                PushRing.Media media,
                List<RingAnswers.InviteeState> invitees,
                Instant expiresAt,
                Instant at) {
            this(sessionId, ringId, caller, media, invitees, expiresAt, Optional.empty(), at);
        }
    }

    /**
     * One invitee's ring ended in {@code state}, never {@code calling} or {@code ringing}; {@code via}: how it was
     * accepted, for {@code accepted} only.
     */
    record Decided(
            String sessionId, UUID ringId, String userId, InviteState state, Optional<AcceptedVia> via, Instant at)
            implements RingFact {
        public Decided {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(at, "at");
            if (state.open()) {
                throw new IllegalArgumentException(
                        "state: " + state.wireName() + " (expected: an outcome, not a ring still ringing)");
            }
            if (via.isPresent() && state != InviteState.ACCEPTED) {
                throw new IllegalArgumentException("via: " + via.get().wireName() + " for state " + state.wireName()
                        + " (expected: a way of accepting only for accepted)");
            }
        }

        /** An outcome other than {@code accepted}, or one whose way is unknown. */
        public Decided(String sessionId, UUID ringId, String userId, InviteState state, Instant at) {
            this(sessionId, ringId, userId, state, Optional.empty(), at);
        }
    }

    /** Every invitee's ring has ended; {@code accepted}: at least one invitee accepted. */
    record Over(String sessionId, UUID ringId, boolean accepted, Instant at) implements RingFact {
        public Over {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(ringId, "ringId");
            Objects.requireNonNull(at, "at");
        }
    }
}
