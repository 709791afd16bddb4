package com.securevox.call.call;

import static com.securevox.call.call.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A restore racing a join of the same call on the node that takes it over: either the restore comes first and the
 * join is a reconnect, or the join comes first, the call is a new one and the restore is refused; never both, never
 * a call that lost its participants.
 */
class CallHandoverRaceTest {
    private static final CallState STATE = new CallState(
            "s1",
            T0,
            false,
            2,
            List.of(
                    new Participant("alice", Role.HOST, false, false, T0, Optional.empty()),
                    new Participant("bob", Role.PARTICIPANT, false, false, T0.plusSeconds(1), Optional.empty())),
            Map.of());

    @Test
    void eitherTheRestoreOrTheJoinComesFirstAndTheOtherAgrees() throws Exception {
        // Which comes first is the threads' business: the rounds look for one where the two disagree.
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 300; round++) {
                Fixture f = Fixture.standard();
                CallHandover handover = new CallHandover(f.registry);
                CompletableFuture<Boolean> restored = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                handover.restore(STATE);
                                return true;
                            } catch (IllegalStateException refused) {
                                return false;
                            }
                        },
                        threads);
                CompletableFuture<Joined> joined =
                        CompletableFuture.supplyAsync(() -> f.join("a", "alice", "s1"), threads);

                if (restored.get()) {
                    assertThat(joined.get().kind()).isEqualTo(JoinKind.RECONNECTED);
                    assertThat(f.journal.all()).first().isInstanceOf(CallFact.CallResumed.class);
                    assertThat(f.registry.participantCount()).isEqualTo(2);
                } else {
                    assertThat(joined.get().kind()).isEqualTo(JoinKind.NEW);
                    assertThat(f.journal.all()).first().isInstanceOf(CallFact.CallStarted.class);
                    assertThat(f.journal.all()).noneMatch(CallFact.CallResumed.class::isInstance);
                    assertThat(f.registry.participantCount()).isEqualTo(1);
                }
                assertThat(f.registry.activeCallCount()).isEqualTo(1);
            }
        }
    }
}
