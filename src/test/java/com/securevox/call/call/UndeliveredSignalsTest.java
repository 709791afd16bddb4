package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent.Relayed;
import com.securevox.call.call.RecordingOutbox.Delivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A signal relayed to a socket of this node that the transport finds closed before its end reached the registry (the
 * socket went as the signal was sent, the sender already acknowledged): the registry takes it back for the
 * participant's return, ahead of what it keeps since, rather than count it delivered. The window that lost signal 286
 * of issue 15's fault suite, on one node.
 */
class UndeliveredSignalsTest {
    private final Fixture f = Fixture.standard();

    private static Relayed relayed(String from, String text) {
        return new Relayed("s1", from, new TestSignal(text));
    }

    /** Alice and bob in s1; bob has had {@code sent} and then his socket c2 closes, its end not reported yet. */
    private void bobsSocketClosedAfter(String... sent) {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        for (String text : sent) {
            f.relay("c1", "bob", text);
        }
        f.outbox.closed(c("c2"));
    }

    @Test
    void whatTheTransportFoundUndeliverableReplaysOnTheReturnBeforeWhatWasKeptSinceOnceAndInOrder() {
        bobsSocketClosedAfter("s-0");
        f.relay("c1", "bob", "s-1");
        f.relay("c1", "bob", "s-2");
        assertThat(f.outbox.to(c("c2"))).filteredOn(Relayed.class::isInstance).containsExactly(relayed("alice", "s-0"));

        // Taken back off the caller's thread (it may hold the call's lock), in the order they were sent.
        assertThat(f.scheduler.tasks()).extracting(t -> t.delay).containsExactly(Duration.ZERO, Duration.ZERO);
        f.scheduler.firePending();
        // The socket's end, reported after, finds it in no call; what is relayed now is kept for bob's return.
        f.registry.disconnected(c("c2"));
        f.relay("c1", "bob", "h-1");
        f.outbox.clear();

        Joined back = f.join("c2-new", "bob", "s1");

        assertThat(back.kind()).isEqualTo(JoinKind.RECONNECTED);
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c2-new"), new CallEvent.Joined("s1", back.self(), back.others())),
                        new Delivery(c("c2-new"), relayed("alice", "s-1")),
                        new Delivery(c("c2-new"), relayed("alice", "s-2")),
                        new Delivery(c("c2-new"), relayed("alice", "h-1")));
        // Bob was away, as after any lost socket, and nobody was told he left.
        assertThat(f.outbox.to(c("c1"))).noneMatch(CallEvent.ParticipantLeft.class::isInstance);
    }

    @Test
    void whatWasKeptAndReplayedIntoASocketThatClosedTooIsKeptAgainForTheNextReturn() {
        bobsSocketClosedAfter();
        f.registry.disconnected(c("c2"));
        f.relay("c1", "bob", "h-1");
        f.relay("c1", "bob", "h-2");
        f.outbox.closed(c("c3"));

        f.join("c3", "bob", "s1");
        f.scheduler.firePending();
        f.outbox.clear();
        f.join("c4", "bob", "s1");

        assertThat(f.outbox.to(c("c4")))
                .filteredOn(Relayed.class::isInstance)
                .containsExactly(relayed("alice", "h-1"), relayed("alice", "h-2"));
    }

    @Test
    void toAllReachesASocketThatClosedAsItWasSentOnItsReturn() {
        bobsSocketClosedAfter();
        new Broadcasts(f.registry).toAll(c("c1"), new TestSignal("all-1"));
        f.scheduler.firePending();
        f.outbox.clear();

        f.join("c2-new", "bob", "s1");

        assertThat(f.outbox.to(c("c2-new")))
                .filteredOn(Relayed.class::isInstance)
                .containsExactly(relayed("alice", "all-1"));
    }

    @Test
    void withNoGraceItsParticipantLeavesAndTheSenderIsToldSo() {
        Fixture now = Fixture.withGrace(Duration.ZERO);
        now.join("c1", "alice", "s1");
        now.join("c2", "bob", "s1");
        now.outbox.closed(c("c2"));
        now.relay("c1", "bob", "s-1");
        now.outbox.clear();

        now.scheduler.firePending();

        assertThat(now.outbox.to(c("c1")))
                .containsExactly(new CallEvent.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED));
    }
}
