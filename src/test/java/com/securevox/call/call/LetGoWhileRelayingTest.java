package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallEvent.Relayed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A signal that waits for its call's lock while the call is let go (another node serves it) or handed over: it is
 * refused, not relayed in the copy this node no longer has, into a socket the node is about to close. That lost
 * signal 214 of issue 15's fault suite (d): relayed into bob's socket after its close was queued, acknowledged to
 * alice. Certain rather than left to timing: the test holds the lock until the relay waits for it.
 */
class LetGoWhileRelayingTest {
    private final Fixture f = Fixture.standard();
    private final CallHandover handover = new CallHandover(f.registry);

    /** Alice relays to bob while the call's lock is held; {@code meanwhile} runs once she waits for it. */
    private CompletableFuture<Void> relayWaitingWhile(Runnable meanwhile) throws InterruptedException {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.outbox.clear();
        Call call = f.registry.index().byId("s1").orElseThrow();
        call.lock.lock();
        try {
            CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> f.relay("c1", "bob", "late"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!call.lock.hasQueuedThreads()) {
                assertThat(Instant.now())
                        .as("the relay waiting for the call's lock")
                        .isBefore(deadline);
                Thread.onSpinWait();
            }
            meanwhile.run();
            return relay;
        } finally {
            call.lock.unlock();
        }
    }

    @Test
    void aRelayWaitingForTheLockOfACallLetGoIsRefusedAndReachesNoSocket() throws Exception {
        AtomicReference<List<ConnectionId>> released = new AtomicReference<>();
        CompletableFuture<Void> relay =
                relayWaitingWhile(() -> released.set(handover.letGo("s1").orElseThrow()));

        assertThat(released.get()).containsExactlyInAnyOrder(c("c1"), c("c2"));
        assertThatThrownBy(relay::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        CallException.class, e -> assertThat(e.error()).isEqualTo(CallError.NOT_IN_CALL));
        assertThat(f.outbox.all()).noneMatch(d -> d.event() instanceof Relayed);
    }
}
