package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.call.CallEvent.ParticipantJoined;
import com.securevox.call.call.CallEvent.ParticipantLeft;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules as tables: which operation is refused, with which error, in which state. */
class CallRegistryRulesTest {

    /** Where connection {@code c1} (alice) stands when the operation runs. Bob ({@code c2}) is always live in s1. */
    enum State {
        NEVER_JOINED(GRACE, f -> {}),
        IN_CALL(GRACE, f -> f.join("c1", "alice", "s1")),
        LEFT(GRACE, f -> {
            f.join("c1", "alice", "s1");
            f.registry.leave(c("c1"), "s1");
        }),
        REPLACED(GRACE, f -> {
            f.join("c1", "alice", "s1");
            f.join("c1-new", "alice", "s1");
        }),
        IN_GRACE(GRACE, f -> {
            f.join("c1", "alice", "s1");
            f.registry.disconnected(c("c1"));
        }),
        DISCONNECTED_WITHOUT_GRACE(Duration.ZERO, f -> {
            f.join("c1", "alice", "s1");
            f.registry.disconnected(c("c1"));
        }),
        GRACE_EXPIRED(GRACE, f -> {
            f.join("c1", "alice", "s1");
            f.registry.disconnected(c("c1"));
            f.scheduler.firePending();
        });

        final Duration grace;
        final Consumer<Fixture> setup;

        State(Duration grace, Consumer<Fixture> setup) {
            this.grace = grace;
            this.setup = setup;
        }

        Fixture arrange() {
            Fixture f = Fixture.withGrace(grace);
            f.join("c2", "bob", "s1");
            setup.accept(f);
            return f;
        }
    }

    private static final Duration GRACE = Fixture.GRACE;

    /** What connection {@code c1} tries. */
    enum Operation {
        LEAVE_S1(f -> f.registry.leave(c("c1"), "s1")),
        LEAVE_S2(f -> f.registry.leave(c("c1"), "s2")),
        RELAY_TO_BOB(f -> f.relay("c1", "bob", "hi")),
        MUTE(f -> f.registry.setMuted(c("c1"), MediaKind.AUDIO, true)),
        JOIN_S1(f -> f.join("c1", "alice", "s1")),
        JOIN_S2(f -> f.join("c1", "alice", "s2")),
        JOIN_S1_AS_CAROL(f -> f.join("c1", "carol", "s1")),
        DISCONNECT(f -> f.registry.disconnected(c("c1")));

        final Consumer<Fixture> action;

        Operation(Consumer<Fixture> action) {
            this.action = action;
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # state                    | operation        | outcome
            NEVER_JOINED               | LEAVE_S1         | NOT_IN_CALL
            NEVER_JOINED               | RELAY_TO_BOB     | NOT_IN_CALL
            NEVER_JOINED               | MUTE             | NOT_IN_CALL
            NEVER_JOINED               | JOIN_S1          | OK
            NEVER_JOINED               | DISCONNECT       | OK
            IN_CALL                    | LEAVE_S1         | OK
            IN_CALL                    | LEAVE_S2         | NOT_IN_CALL
            IN_CALL                    | RELAY_TO_BOB     | OK
            IN_CALL                    | MUTE             | OK
            IN_CALL                    | JOIN_S1          | ALREADY_IN_CALL
            IN_CALL                    | JOIN_S2          | ALREADY_IN_CALL
            IN_CALL                    | JOIN_S1_AS_CAROL | ALREADY_IN_CALL
            IN_CALL                    | DISCONNECT       | OK
            LEFT                       | LEAVE_S1         | NOT_IN_CALL
            LEFT                       | RELAY_TO_BOB     | NOT_IN_CALL
            LEFT                       | MUTE             | NOT_IN_CALL
            LEFT                       | JOIN_S2          | OK
            LEFT                       | DISCONNECT       | OK
            REPLACED                   | LEAVE_S1         | NOT_IN_CALL
            REPLACED                   | RELAY_TO_BOB     | NOT_IN_CALL
            REPLACED                   | MUTE             | NOT_IN_CALL
            REPLACED                   | JOIN_S2          | OK
            REPLACED                   | DISCONNECT       | OK
            IN_GRACE                   | LEAVE_S1         | NOT_IN_CALL
            IN_GRACE                   | RELAY_TO_BOB     | NOT_IN_CALL
            IN_GRACE                   | MUTE             | NOT_IN_CALL
            IN_GRACE                   | JOIN_S2          | OK
            IN_GRACE                   | DISCONNECT       | OK
            DISCONNECTED_WITHOUT_GRACE | LEAVE_S1         | NOT_IN_CALL
            DISCONNECTED_WITHOUT_GRACE | RELAY_TO_BOB     | NOT_IN_CALL
            DISCONNECTED_WITHOUT_GRACE | MUTE             | NOT_IN_CALL
            GRACE_EXPIRED              | LEAVE_S1         | NOT_IN_CALL
            GRACE_EXPIRED              | JOIN_S1          | OK
            """)
    void operationOutcomeDependsOnTheConnectionsState(State state, Operation operation, String outcome) {
        Fixture f = state.arrange();

        if (outcome.equals("OK")) {
            assertThatCode(() -> operation.action.accept(f)).doesNotThrowAnyException();
        } else {
            CallException e = catchThrowableOfType(CallException.class, () -> operation.action.accept(f));
            assertThat(e).as("expected %s", outcome).isNotNull();
            assertThat(e.error()).isEqualTo(CallError.valueOf(outcome));
        }
    }

    /** Who alice is in s1 when she joins it on a fresh connection {@code c1-new}. Bob ({@code c2}) is live. */
    enum Before {
        ABSENT(f -> {}),
        LIVE_ON_C1(f -> f.join("c1", "alice", "s1")),
        IN_GRACE(f -> {
            f.join("c1", "alice", "s1");
            f.registry.disconnected(c("c1"));
        }),
        LEFT(f -> {
            f.join("c1", "alice", "s1");
            f.registry.leave(c("c1"), "s1");
        }),
        GRACE_EXPIRED(f -> {
            f.join("c1", "alice", "s1");
            f.registry.disconnected(c("c1"));
            f.scheduler.firePending();
        }),
        IN_ANOTHER_CALL(f -> f.join("c1", "alice", "s2"));

        final Consumer<Fixture> setup;

        Before(Consumer<Fixture> setup) {
            this.setup = setup;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, bob told {2} event(s), c1 told {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # before        | kind        | events to bob | events to c1
            ABSENT          | NEW         | 1             | 0
            LIVE_ON_C1      | REPLACED    | 0             | 1
            IN_GRACE        | RECONNECTED | 0             | 0
            LEFT            | NEW         | 1             | 0
            GRACE_EXPIRED   | NEW         | 1             | 0
            IN_ANOTHER_CALL | NEW         | 1             | 0
            """)
    void joinKindAndWhoIsTold(Before before, JoinKind kind, int toBob, int toC1) {
        Fixture f = Fixture.standard();
        f.join("c2", "bob", "s1");
        f.clock.advance(Duration.ofSeconds(5));
        before.setup.accept(f);
        f.outbox.clear();
        f.clock.advance(Duration.ofSeconds(1));

        Joined joined = f.registry.join(new JoinRequest(
                c("c1-new"),
                "alice",
                Role.HOST,
                "s1",
                Optional.of(new Metadata("{\"n\":1}")),
                true,
                true,
                RecordingJournal.CLIENT));

        assertThat(joined.kind()).isEqualTo(kind);
        assertThat(f.outbox.to(c("c2"))).hasSize(toBob).allMatch(e -> e instanceof ParticipantJoined);
        assertThat(f.outbox.to(c("c1"))).hasSize(toC1).allMatch(e -> e instanceof ParticipantLeft);
        assertThat(f.registry.callOf(c("c1-new"))).contains("s1");
        if (kind == JoinKind.NEW) {
            assertThat(joined.self())
                    .isEqualTo(new Participant(
                            "alice", Role.HOST, true, true, f.clock.instant(), Optional.of(new Metadata("{\"n\":1}"))));
        } else {
            // The participant is kept as it was; the request's role, mute flags and metadata are ignored.
            assertThat(joined.self())
                    .isEqualTo(new Participant(
                            "alice", Role.PARTICIPANT, false, false, Fixture.T0.plusSeconds(5), Optional.empty()));
        }
    }

    @ParameterizedTest(name = "max {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # max | situation                               | outcome
            1     | NEW_INTO_FULL                           | CALL_FULL
            2     | NEW_INTO_FULL                           | CALL_FULL
            2     | NEW_WHILE_ONE_IS_IN_GRACE               | CALL_FULL
            2     | REPLACE_AT_CAP                          | REPLACED
            2     | RECONNECT_AT_CAP                        | RECONNECTED
            2     | NEW_AFTER_ONE_LEFT                      | NEW
            2     | NEW_AFTER_GRACE_EXPIRED                 | NEW
            2     | NEW_INTO_ANOTHER_CALL                   | NEW
            """)
    void theCapCountsEveryoneInTheCallIncludingThoseInGrace(int max, Situation situation, String outcome) {
        Fixture f = new Fixture(new CallPolicy(max, Fixture.GRACE, 4));
        for (int i = 1; i <= max; i++) {
            f.join("c" + i, "u" + i, "s1");
        }
        f.outbox.clear();

        if (outcome.equals("CALL_FULL")) {
            CallException e = catchThrowableOfType(CallException.class, () -> situation.action.apply(f));
            assertThat(e.error()).isEqualTo(CallError.CALL_FULL);
            assertThat(e.getMessage())
                    .isEqualTo("call 's1' is full: " + max + " participants (expected: at most " + max + " per call)");
            assertThat(f.registry.callOf(c("c-new"))).isEmpty();
            assertThat(f.outbox.all()).isEmpty();
        } else {
            assertThat(situation.action.apply(f).kind()).isEqualTo(JoinKind.valueOf(outcome));
        }
        assertThat(f.registry.snapshot().getFirst().participants()).hasSizeLessThanOrEqualTo(max);
    }

    /** What happens at a call holding u1..u{max} on c1..c{max}; the join always uses connection {@code c-new}. */
    enum Situation {
        NEW_INTO_FULL(f -> f.join("c-new", "newcomer", "s1")),
        NEW_WHILE_ONE_IS_IN_GRACE(f -> {
            f.registry.disconnected(c("c1"));
            return f.join("c-new", "newcomer", "s1");
        }),
        REPLACE_AT_CAP(f -> f.join("c-new", "u1", "s1")),
        RECONNECT_AT_CAP(f -> {
            f.registry.disconnected(c("c1"));
            return f.join("c-new", "u1", "s1");
        }),
        NEW_AFTER_ONE_LEFT(f -> {
            f.registry.leave(c("c1"), "s1");
            return f.join("c-new", "newcomer", "s1");
        }),
        NEW_AFTER_GRACE_EXPIRED(f -> {
            f.registry.disconnected(c("c1"));
            f.scheduler.firePending();
            return f.join("c-new", "newcomer", "s1");
        }),
        NEW_INTO_ANOTHER_CALL(f -> f.join("c-new", "newcomer", "s2"));

        final Function<Fixture, Joined> action;

        Situation(Function<Fixture, Joined> action) {
            this.action = action;
        }
    }

    @ParameterizedTest(name = "grace {0}: count {1}, bob told now {2}, timers {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # grace | participants after | events to bob | timers
            PT0S    | 1                  | 1             | 0
            PT0.5S  | 2                  | 0             | 1
            PT10S   | 2                  | 0             | 1
            """)
    void disconnectLeavesAtOnceOnlyWithoutGrace(Duration grace, int participants, int toBob, int timers) {
        Fixture f = Fixture.withGrace(grace);
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.outbox.clear();

        f.registry.disconnected(c("c1"));

        assertThat(f.registry.participantCount()).isEqualTo(participants);
        assertThat(f.registry.snapshot().getFirst().participants()).hasSize(participants);
        assertThat(f.outbox.to(c("c2")))
                .hasSize(toBob)
                .allMatch(e -> e.equals(new ParticipantLeft("s1", "alice", LeaveReason.DISCONNECTED)));
        assertThat(f.scheduler.tasks()).hasSize(timers).allMatch(t -> t.delay.equals(grace));
        assertThat(f.registry.callOf(c("c1"))).isEmpty();
    }

    /** Whom alice ({@code c1}, s1) sends to. Bob ({@code c2}) is in s1, carol ({@code c3}) in s2. */
    enum Target {
        BOB_LIVE("bob", f -> {}),
        HERSELF("alice", f -> {}),
        CAROL_IN_ANOTHER_CALL("carol", f -> {}),
        NOBODY("dave", f -> {}),
        BOB_LEFT("bob", f -> f.registry.leave(c("c2"), "s1")),
        BOB_IN_GRACE("bob", f -> f.registry.disconnected(c("c2"))),
        BOB_IN_GRACE_WITH_FULL_BUFFER("bob", f -> {
            f.registry.disconnected(c("c2"));
            for (int i = 0; i < 4; i++) {
                f.relay("c1", "bob", "earlier " + i);
            }
        });

        final String userId;
        final Consumer<Fixture> setup;

        Target(String userId, Consumer<Fixture> setup) {
            this.userId = userId;
            this.setup = setup;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # target                      | outcome               | message
            BOB_LIVE                      | DELIVERED             |
            BOB_IN_GRACE                  | BUFFERED              |
            HERSELF                       | PARTICIPANT_NOT_FOUND | toUserId: 'alice' is the sender (expected: another participant of call 's1')
            CAROL_IN_ANOTHER_CALL         | PARTICIPANT_NOT_FOUND | toUserId: 'carol' (expected: another participant of call 's1')
            NOBODY                        | PARTICIPANT_NOT_FOUND | toUserId: 'dave' (expected: another participant of call 's1')
            BOB_LEFT                      | PARTICIPANT_NOT_FOUND | toUserId: 'bob' (expected: another participant of call 's1')
            BOB_IN_GRACE_WITH_FULL_BUFFER | RATE_LIMITED          | toUserId: 'bob' is reconnecting and 4 messages already wait for it (expected: at most 4 waiting)
            """)
    void relayOutcomeDependsOnTheTarget(Target target, String outcome, String message) {
        Fixture f = Fixture.standard();
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s2");
        target.setup.accept(f);
        f.outbox.clear();

        Runnable send = () -> f.relay("c1", target.userId, "hello");

        switch (outcome) {
            case "DELIVERED" -> {
                send.run();
                assertThat(f.outbox.all())
                        .containsExactly(new RecordingOutbox.Delivery(
                                c("c2"), new CallEvent.Relayed("s1", "alice", new TestSignal("hello"))));
            }
            case "BUFFERED" -> {
                send.run();
                assertThat(f.outbox.all()).isEmpty();
            }
            default -> {
                CallException e = catchThrowableOfType(CallException.class, send::run);
                assertThat(e.error()).isEqualTo(CallError.valueOf(outcome));
                assertThat(e.getMessage()).isEqualTo(message);
                assertThat(f.outbox.all()).isEmpty();
            }
        }
    }
}
