package com.securevox.call.call;

import static com.securevox.call.call.Fixture.T0;
import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallFact.CallEnded;
import com.securevox.call.call.CallFact.CallStarted;
import com.securevox.call.call.CallFact.ParticipantAway;
import com.securevox.call.call.CallFact.ParticipantBack;
import com.securevox.call.call.CallFact.ParticipantJoined;
import com.securevox.call.call.CallFact.ParticipantLeft;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the registry records in its journal: one fact per happening, in order, even with nobody left to tell. */
class CallRegistryJournalTest {
    private final Fixture f = Fixture.standard();

    @Test
    void aCallFromFirstJoinToLastLeave() {
        f.join("c1", "alice", "s1");
        f.clock.advance(Duration.ofSeconds(2));
        f.join("c2", "bob", "s1");
        f.clock.advance(Duration.ofSeconds(3));
        f.registry.leave(c("c1"), "s1");
        f.clock.advance(Duration.ofSeconds(4));
        f.registry.leave(c("c2"), "s1");

        assertThat(f.journal.all())
                .containsExactly(
                        new CallStarted("s1", T0),
                        joined("alice", 1, T0),
                        joined("bob", 2, T0.plusSeconds(2)),
                        new ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(5)),
                        new ParticipantLeft("s1", "bob", LeaveReason.LEFT, T0.plusSeconds(9)),
                        new CallEnded("s1", T0, T0.plusSeconds(9), 2, LeaveReason.LEFT));
    }

    @Test
    void aMuteIsAFactWithTheParticipantAsItIsNow() {
        f.join("c1", "alice", "s1");
        f.clock.advance(Duration.ofSeconds(1));
        f.journal.clear();

        f.registry.setMuted(c("c1"), MediaKind.AUDIO, true);

        assertThat(f.journal.all()).singleElement().isInstanceOfSatisfying(CallFact.ParticipantUpdated.class, u -> {
            assertThat(u.sessionId()).isEqualTo("s1");
            assertThat(u.participant().userId()).isEqualTo("alice");
            assertThat(u.participant().audioMuted()).isTrue();
            assertThat(u.participant().videoMuted()).isFalse();
            assertThat(u.at()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void aReplacedSocketEndsOneSessionAndBeginsAnother() {
        f.join("c1", "alice", "s1");
        f.clock.advance(Duration.ofSeconds(1));
        f.journal.clear();

        f.join("c1-new", "alice", "s1");

        assertThat(f.journal.all()).hasSize(2);
        assertThat(f.journal.all().get(0))
                .isEqualTo(new ParticipantLeft("s1", "alice", LeaveReason.REPLACED, T0.plusSeconds(1)));
        assertThat(f.journal.all().get(1)).isInstanceOfSatisfying(ParticipantJoined.class, j -> {
            assertThat(j.participant().userId()).isEqualTo("alice");
            assertThat(j.at()).isEqualTo(T0.plusSeconds(1));
            assertThat(j.participants()).isEqualTo(1);
        });
    }

    @Test
    void aReconnectWithinTheGraceIsAwayAndBackAndTheGraceEndingIsADisconnect() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.journal.clear();
        f.registry.disconnected(c("c2"));
        f.clock.advance(Duration.ofSeconds(1));
        f.join("c2-back", "bob", "s1");
        assertThat(f.journal.all())
                .as("the session goes on: no leave, no join")
                .containsExactly(
                        new ParticipantAway("s1", "bob", T0), new ParticipantBack("s1", "bob", T0.plusSeconds(1)));
        f.journal.clear();

        f.registry.disconnected(c("c2-back"));
        assertThat(f.journal.all()).containsExactly(new ParticipantAway("s1", "bob", T0.plusSeconds(1)));
        f.clock.advance(Fixture.GRACE);
        assertThat(f.scheduler.firePending()).isEqualTo(1);

        assertThat(f.journal.all())
                .containsExactly(
                        new ParticipantAway("s1", "bob", T0.plusSeconds(1)),
                        new ParticipantLeft(
                                "s1",
                                "bob",
                                LeaveReason.DISCONNECTED,
                                T0.plusSeconds(1).plus(Fixture.GRACE)));
    }

    @Test
    void endAllRecordsEveryoneStillThereAsDrainedAndTellsNobody() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s2");
        f.registry.disconnected(c("c2")); // in reconnect grace: drained as well
        f.outbox.clear();
        f.journal.clear();
        f.clock.advance(Duration.ofSeconds(7));

        f.registry.endAll();

        Instant end = T0.plusSeconds(7);
        assertThat(f.journal.all())
                .filteredOn(fact -> fact instanceof ParticipantLeft)
                .extracting(fact -> ((ParticipantLeft) fact).reason())
                .containsOnly(LeaveReason.DRAINED)
                .hasSize(3);
        assertThat(f.journal.all())
                .filteredOn(fact -> fact instanceof CallEnded)
                .containsExactlyInAnyOrder(
                        new CallEnded("s1", T0, end, 2, LeaveReason.DRAINED),
                        new CallEnded("s2", T0, end, 1, LeaveReason.DRAINED));
        assertThat(f.outbox.all()).isEmpty();
        assertThat(f.registry.activeCallCount()).isZero();
        assertThat(f.registry.participantCount()).isZero();
        assertThat(f.registry.snapshot()).isEmpty();
        // The grace timer of the one away was called off: nothing more happens when it would have fired.
        assertThat(f.scheduler.firePending()).isZero();
        assertThat(f.journal.all()).hasSize(5);
    }

    @Test
    void aRefusedJoinRecordsNothing() {
        Fixture small = new Fixture(new CallPolicy(1, Fixture.GRACE, 4));
        small.join("c1", "alice", "s1");
        small.journal.clear();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> small.join("c2", "bob", "s1"))
                .isInstanceOf(CallException.class);

        assertThat(small.journal.all()).isEmpty();
    }

    private static ParticipantJoined joined(String userId, int participants, Instant at) {
        return new ParticipantJoined(
                "s1",
                new Participant(userId, Role.PARTICIPANT, false, false, at, java.util.Optional.empty()),
                RecordingJournal.CLIENT,
                participants,
                at);
    }
}
