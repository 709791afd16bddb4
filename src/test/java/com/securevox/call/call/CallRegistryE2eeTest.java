package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end encryption is a property of the call, chosen by its first participant and required of every other. */
class CallRegistryE2eeTest {

    private static JoinRequest request(String connection, String userId, String sessionId, boolean e2ee) {
        return new JoinRequest(
                c(connection),
                userId,
                Role.PARTICIPANT,
                sessionId,
                Optional.empty(),
                false,
                false,
                e2ee,
                RecordingJournal.CLIENT);
    }

    @ParameterizedTest(name = "first e2ee={0}, joiner e2ee={1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # first | joiner | outcome
            false   | false  | OK
            true    | true   | OK
            true    | false  | E2EE_REQUIRED
            false   | true   | E2EE_NOT_ENABLED
            """)
    void aJoinerMustMatchTheCall(boolean first, boolean joiner, String outcome) {
        Fixture f = Fixture.standard();
        f.registry.join(request("c1", "alice", "s1", first));

        CallException refused =
                catchThrowableOfType(CallException.class, () -> f.registry.join(request("c2", "bob", "s1", joiner)));

        if (outcome.equals("OK")) {
            assertThat(refused).isNull();
            assertThat(f.registry.callOf(c("c2"))).contains("s1");
        } else {
            assertThat(refused.error()).isEqualTo(CallError.valueOf(outcome));
            assertThat(refused.getMessage()).contains("call 's1'").contains("expected:");
            // Refused before anything changed: the connection may try again, the others heard nothing.
            assertThat(f.registry.callOf(c("c2"))).isEmpty();
            assertThat(f.registry.snapshot())
                    .singleElement()
                    .extracting(CallSnapshot::participants)
                    .isEqualTo(List.of("alice"));
            assertThat(f.outbox.to(c("c1"))).hasSize(1); // its own call_joined only
            f.registry.join(request("c2", "bob", "s1", first));
            assertThat(f.registry.callOf(c("c2"))).contains("s1");
        }
    }

    @Test
    void theFlagReachesTheJoinerTheStatsAndTheHistory() {
        Fixture f = Fixture.standard();

        Joined joined = f.registry.join(request("c1", "alice", "s1", true));

        assertThat(joined.e2ee()).isTrue();
        assertThat(f.outbox.to(c("c1")))
                .singleElement()
                .isEqualTo(new CallEvent.Joined("s1", joined.self(), List.of(), true));
        assertThat(f.registry.snapshot())
                .singleElement()
                .extracting(CallSnapshot::e2ee)
                .isEqualTo(true);
        assertThat(f.journal.all()).first().isEqualTo(new CallFact.CallStarted("s1", Fixture.T0, true));
    }

    @Test
    void aReconnectMustMatchTooAndTheNextCallUnderTheSameIdChoosesAgain() {
        Fixture f = Fixture.standard();
        f.registry.join(request("c1", "alice", "s1", true));
        f.registry.disconnected(c("c1"));

        CallException refused = catchThrowableOfType(
                CallException.class, () -> f.registry.join(request("c1-new", "alice", "s1", false)));
        assertThat(refused.error()).isEqualTo(CallError.E2EE_REQUIRED);

        f.clock.advance(Duration.ofSeconds(11));
        f.scheduler.firePending();
        assertThat(f.registry.snapshot()).isEmpty();

        Joined plain = f.registry.join(request("c2", "bob", "s1", false));
        assertThat(plain.e2ee()).isFalse();
    }
}
