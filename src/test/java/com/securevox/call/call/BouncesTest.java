package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.Bounces.Outcome;
import com.securevox.call.call.CallEvent.Relayed;
import com.securevox.call.call.RecordingOutbox.Delivery;
import org.junit.jupiter.api.Test;

/**
 * Signals sent to a socket on another node that came back undelivered, as it went: they replay on the participant's
 * return before what was kept for it since, in the order they were sent, each once.
 */
class BouncesTest {
    private final Fixture f = Fixture.standard();
    private final Bounces bounces = new Bounces(f.registry);

    private static Relayed relayed(String from, String text) {
        return new Relayed("s1", from, new TestSignal(text));
    }

    /** Alice and bob in s1; alice relays {@code sent} to bob's socket c2, which then goes. */
    private void bobWentAfter(String... sent) {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        for (String text : sent) {
            f.relay("c1", "bob", text);
        }
        f.registry.disconnected(c("c2"));
        f.outbox.clear();
    }

    @Test
    void whatCameBackReplaysBeforeWhatWasKeptSinceEachInTheOrderSentAndOnce() {
        bobWentAfter("s-1", "s-2", "s-3");
        f.relay("c1", "bob", "h-1");
        f.relay("c1", "bob", "h-2");
        // Only the last two of the three sent came back: the first reached bob before his socket went.
        assertThat(bounces.returned(c("c2"), relayed("alice", "s-2"))).isEqualTo(Outcome.HELD);
        f.relay("c1", "bob", "h-3");
        assertThat(bounces.returned(c("c2"), relayed("alice", "s-3"))).isEqualTo(Outcome.HELD);
        assertThat(f.outbox.all()).isEmpty();

        Joined back = f.join("c2-new", "bob", "s1");

        assertThat(back.kind()).isEqualTo(JoinKind.RECONNECTED);
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c2-new"), new CallEvent.Joined("s1", back.self(), back.others())),
                        new Delivery(c("c2-new"), relayed("alice", "s-2")),
                        new Delivery(c("c2-new"), relayed("alice", "s-3")),
                        new Delivery(c("c2-new"), relayed("alice", "h-1")),
                        new Delivery(c("c2-new"), relayed("alice", "h-2")),
                        new Delivery(c("c2-new"), relayed("alice", "h-3")));

        f.outbox.clear();
        f.relay("c1", "bob", "after");
        assertThat(f.outbox.all()).containsExactly(new Delivery(c("c2-new"), relayed("alice", "after")));
    }

    @Test
    void whatCameBackIsKeptEvenWhenWhatIsKeptSinceFillsTheBuffer() {
        bobWentAfter("s-1");
        for (int n = 1; n <= 4; n++) {
            f.relay("c1", "bob", "h-" + n);
        }
        assertThat(bounces.returned(c("c2"), relayed("alice", "s-1"))).isEqualTo(Outcome.HELD);

        f.join("c2-new", "bob", "s1");

        assertThat(f.outbox.to(c("c2-new")))
                .filteredOn(Relayed.class::isInstance)
                .containsExactly(
                        relayed("alice", "s-1"),
                        relayed("alice", "h-1"),
                        relayed("alice", "h-2"),
                        relayed("alice", "h-3"),
                        relayed("alice", "h-4"));
    }

    @Test
    void whatComesBackAfterTheParticipantReturnedGoesToItsNewSocketAtOnce() {
        bobWentAfter("s-1");
        f.join("c2-new", "bob", "s1");
        f.outbox.clear();

        assertThat(bounces.returned(c("c2"), relayed("alice", "s-1"))).isEqualTo(Outcome.DELIVERED);

        assertThat(f.outbox.all()).containsExactly(new Delivery(c("c2-new"), relayed("alice", "s-1")));
    }

    @Test
    void whatComesBackForAParticipantGoneForGoodIsDropped() {
        bobWentAfter("s-1");
        f.scheduler.firePending();
        f.outbox.clear();

        assertThat(bounces.returned(c("c2"), relayed("alice", "s-1"))).isEqualTo(Outcome.GONE);

        assertThat(f.outbox.all()).isEmpty();
    }

    @Test
    void whatComesBackForAConnectionNoParticipantLostOrACallNotInProgressIsDropped() {
        bobWentAfter("s-1");

        assertThat(bounces.returned(c("c1"), relayed("alice", "s-1"))).isEqualTo(Outcome.GONE);
        assertThat(bounces.returned(c("elsewhere"), relayed("alice", "s-1"))).isEqualTo(Outcome.GONE);
        assertThat(bounces.returned(c("c2"), new Relayed("s-other", "alice", new TestSignal("s-1"))))
                .isEqualTo(Outcome.GONE);

        f.join("c2-new", "bob", "s1");
        assertThat(f.outbox.to(c("c2-new"))).noneMatch(Relayed.class::isInstance);
    }
}
