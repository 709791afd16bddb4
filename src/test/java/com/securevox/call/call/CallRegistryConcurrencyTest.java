package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent.ParticipantLeft;
import com.securevox.call.call.CallEvent.Relayed;
import com.securevox.call.call.RecordingOutbox.Delivery;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several threads join, leave, relay, mute and disconnect across a few small calls while another thread fires grace
 * timers. Each user is driven by one thread only, so that thread knows what every operation must answer; the shared
 * state is then checked against all those per-thread views. Small calls make "last one out" (and a join racing it)
 * frequent.
 */
class CallRegistryConcurrencyTest {
    private static final int THREADS = 6;
    private static final int USERS_PER_THREAD = 2;
    private static final int ITERATIONS = 4_000;
    private static final int TIMER_ROUNDS = 4_000;
    private static final List<String> CALLS = List.of("s0", "s1", "s2");

    /** Carries who sent it to whom and the per-pair sequence number, to check ordering at the receiver. */
    record Numbered(String from, String to, long n) implements Signal {}

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final RecordingJournal journal = new RecordingJournal();
    private final CallRegistry registry = new CallRegistry(
            new MutableClock(Fixture.T0), new CallPolicy(64, Duration.ofSeconds(10), 4), scheduler, outbox, journal);

    /** Which user each connection ever used belongs to. */
    private final Map<ConnectionId, String> owners = new ConcurrentHashMap<>();

    private final List<String> allUsers = new ArrayList<>();

    /** One thread's view of one of its users. */
    private static final class User {
        final String id;
        String call; // the call it is in (live or away), or null
        ConnectionId connection; // its live connection, or null
        boolean away;
        int connections;
        final Map<String, Long> sent = new HashMap<>();

        User(String id) {
            this.id = id;
        }
    }

    @Test
    void invariantsHoldAfterConcurrentJoinsLeavesRelaysAndDisconnects() throws Exception {
        List<List<User>> usersByThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<User> users = new ArrayList<>();
            for (int i = 0; i < USERS_PER_THREAD; i++) {
                users.add(new User("u" + t + "_" + i));
            }
            usersByThread.add(users);
            users.forEach(u -> allUsers.add(u.id));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1)) {
            for (int t = 0; t < THREADS; t++) {
                List<User> users = usersByThread.get(t);
                Random random = new Random(1_000 + t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ITERATIONS; i++) {
                        step(users.get(random.nextInt(users.size())), random);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < TIMER_ROUNDS; i++) {
                    scheduler.firePending();
                    Thread.yield();
                }
                return null;
            }));
            start.countDown();
            for (Future<?> future : futures) {
                future.get(); // rethrows a failed assertion of a worker
            }
        }

        // Let every remaining grace period run out: now only live users are in calls.
        while (scheduler.firePending() > 0) {
            // Expiring one grace period never schedules another, so this ends.
        }
        List<User> users = usersByThread.stream().flatMap(List::stream).toList();
        users.stream().filter(u -> u.away).forEach(u -> {
            u.away = false;
            u.call = null;
        });

        assertIndexesMatchTheUsersViews(users);
        assertEveryConnectionsStreamIsWellFormed();
        assertRelaysBetweenEachPairKeptTheirOrder();

        for (User user : users) {
            if (user.connection != null) {
                registry.leave(user.connection, user.call);
            }
        }
        assertThat(registry.snapshot()).isEmpty();
        assertThat(registry.activeCallCount()).isZero();
        assertThat(registry.participantCount()).isZero();
        assertThat(owners.keySet()).allMatch(c -> registry.callOf(c).isEmpty());
        assertTheJournalIsBalanced();
    }

    /**
     * With every call over, the journal tells each call's life in order: started, sessions that each end once, then
     * ended; no session open across a call's end, none closed that was not open.
     */
    private void assertTheJournalIsBalanced() {
        Map<String, Set<String>> open = new HashMap<>();
        int started = 0;
        int ended = 0;
        for (CallFact fact : journal.all()) {
            switch (fact) {
                case CallFact.CallStarted f -> {
                    assertThat(open).as("%s started twice", f.sessionId()).doesNotContainKey(f.sessionId());
                    open.put(f.sessionId(), new java.util.HashSet<>());
                    started++;
                }
                case CallFact.CallResumed f -> {
                    assertThat(open).as("%s resumed while open", f.sessionId()).doesNotContainKey(f.sessionId());
                    open.put(
                            f.sessionId(),
                            new java.util.HashSet<>(f.participants().stream()
                                    .map(Participant::userId)
                                    .toList()));
                    started++;
                }
                case CallFact.ParticipantJoined f ->
                    assertThat(open.get(f.sessionId()).add(f.participant().userId()))
                            .as("%s joined %s twice", f.participant().userId(), f.sessionId())
                            .isTrue();
                case CallFact.ParticipantUpdated f ->
                    assertThat(open.get(f.sessionId()))
                            .as(
                                    "%s updated in %s without being in it",
                                    f.participant().userId(), f.sessionId())
                            .contains(f.participant().userId());
                case CallFact.ParticipantAway f ->
                    assertThat(open.get(f.sessionId()))
                            .as("%s away from %s without being in it", f.userId(), f.sessionId())
                            .contains(f.userId());
                case CallFact.ParticipantBack f ->
                    assertThat(open.get(f.sessionId()))
                            .as("%s back in %s without being in it", f.userId(), f.sessionId())
                            .contains(f.userId());
                case CallFact.ParticipantLeft f ->
                    assertThat(open.get(f.sessionId()).remove(f.userId()))
                            .as("%s left %s without being in it", f.userId(), f.sessionId())
                            .isTrue();
                case CallFact.CallEnded f -> {
                    assertThat(open.remove(f.sessionId()))
                            .as("%s ended with sessions open", f.sessionId())
                            .isEmpty();
                    ended++;
                }
            }
        }
        assertThat(open).isEmpty();
        assertThat(started).isEqualTo(ended).isPositive();
    }

    private void step(User user, Random random) {
        if (user.call == null || user.away) {
            String call = user.call != null ? user.call : CALLS.get(random.nextInt(CALLS.size()));
            JoinKind kind = join(user, call).kind();
            // An away user may have been expired by the timer thread meanwhile; then it is new again.
            assertThat(kind).isIn(user.away ? Set.of(JoinKind.RECONNECTED, JoinKind.NEW) : Set.of(JoinKind.NEW));
            user.away = false;
            return;
        }
        int dice = random.nextInt(100);
        ConnectionId connection = user.connection;
        if (dice < 8) {
            registry.leave(connection, user.call);
            user.call = null;
            user.connection = null;
            assertThat(registry.callOf(connection)).isEmpty();
        } else if (dice < 16) {
            registry.disconnected(connection);
            user.away = true;
            user.connection = null;
            assertThat(registry.callOf(connection)).isEmpty();
        } else if (dice < 20) {
            assertThat(join(user, user.call).kind()).isEqualTo(JoinKind.REPLACED);
            assertThat(registry.callOf(connection)).isEmpty();
        } else if (dice < 22) {
            expect(CallError.ALREADY_IN_CALL, () -> registry.join(request(connection, user.id, user.call)));
        } else if (dice < 30) {
            assertThat(registry.setMuted(connection, MediaKind.AUDIO, random.nextBoolean())
                            .userId())
                    .isEqualTo(user.id);
        } else if (dice < 32) {
            expect(CallError.PARTICIPANT_NOT_FOUND, () -> registry.relay(connection, user.id, new Numbered("", "", 0)));
        } else {
            String to = allUsers.get(random.nextInt(allUsers.size()));
            if (to.equals(user.id)) {
                return;
            }
            long n = user.sent.merge(to, 1L, Long::sum);
            try {
                registry.relay(connection, to, new Numbered(user.id, to, n));
            } catch (CallException e) {
                // The target may be elsewhere, or reconnecting with a full buffer: both are answers, not failures.
                assertThat(e.error()).isIn(CallError.PARTICIPANT_NOT_FOUND, CallError.RATE_LIMITED);
            }
        }
    }

    private Joined join(User user, String call) {
        ConnectionId connection = new ConnectionId(user.id + "#" + ++user.connections);
        owners.put(connection, user.id);
        Joined joined = registry.join(request(connection, user.id, call));
        assertThat(joined.sessionId()).isEqualTo(call);
        assertThat(joined.others())
                .extracting(Participant::userId)
                .doesNotContain(user.id)
                .doesNotHaveDuplicates();
        user.call = call;
        user.connection = connection;
        assertThat(registry.callOf(connection)).contains(call);
        return joined;
    }

    private static JoinRequest request(ConnectionId connection, String userId, String call) {
        return new JoinRequest(
                connection, userId, Role.PARTICIPANT, call, Optional.empty(), false, false, RecordingJournal.CLIENT);
    }

    private static void expect(CallError error, Runnable action) {
        try {
            action.run();
        } catch (CallException e) {
            assertThat(e.error()).isEqualTo(error);
            return;
        }
        throw new AssertionError("expected " + error);
    }

    private void assertIndexesMatchTheUsersViews(List<User> users) {
        Map<String, Set<String>> expected = new HashMap<>();
        for (User user : users) {
            if (user.call != null) {
                expected.computeIfAbsent(user.call, k -> new HashSet<>()).add(user.id);
            }
        }
        List<CallSnapshot> snapshot = registry.snapshot();
        Map<String, Set<String>> actual = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (CallSnapshot call : snapshot) {
            assertThat(call.participants())
                    .as("call %s", call.sessionId())
                    .isNotEmpty()
                    .doesNotHaveDuplicates();
            call.participants()
                    .forEach(u ->
                            assertThat(seen.add(u)).as("%s in two calls", u).isTrue());
            actual.put(call.sessionId(), Set.copyOf(call.participants()));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(registry.activeCallCount()).isEqualTo(snapshot.size());
        assertThat(registry.participantCount()).isEqualTo(seen.size());

        Map<ConnectionId, String> live = new HashMap<>();
        users.stream().filter(u -> u.connection != null).forEach(u -> live.put(u.connection, u.call));
        for (ConnectionId connection : owners.keySet()) {
            assertThat(registry.callOf(connection))
                    .as("call of %s", connection)
                    .isEqualTo(Optional.ofNullable(live.get(connection)));
        }
    }

    /** Joined comes first on every connection, and a replaced connection hears nothing after being told so. */
    private void assertEveryConnectionsStreamIsWellFormed() {
        Map<ConnectionId, List<CallEvent>> streams = new HashMap<>();
        for (Delivery delivery : outbox.all()) {
            streams.computeIfAbsent(delivery.to(), k -> new ArrayList<>()).add(delivery.event());
        }
        assertThat(streams.keySet()).isSubsetOf(owners.keySet());
        streams.forEach((connection, events) -> {
            assertThat(events.getFirst()).as("first event to %s", connection).isInstanceOf(CallEvent.Joined.class);
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof ParticipantLeft left && left.reason() == LeaveReason.REPLACED) {
                    assertThat(left.userId()).isEqualTo(owners.get(connection));
                    assertThat(i)
                            .as("REPLACED is the last event to %s", connection)
                            .isEqualTo(events.size() - 1);
                }
            }
        });
    }

    private void assertRelaysBetweenEachPairKeptTheirOrder() {
        Map<String, Long> last = new HashMap<>();
        int relayed = 0;
        for (Delivery delivery : outbox.all()) {
            if (delivery.event() instanceof Relayed relayedEvent) {
                String from = relayedEvent.fromUserId();
                Numbered numbered = (Numbered) relayedEvent.signal();
                assertThat(numbered.from()).isEqualTo(from);
                assertThat(numbered.to()).isEqualTo(owners.get(delivery.to()));
                Long previous = last.put(from + "->" + numbered.to(), numbered.n());
                if (previous != null) {
                    assertThat(numbered.n())
                            .as("%s after %s", numbered, previous)
                            .isGreaterThan(previous);
                }
                relayed++;
            }
        }
        assertThat(relayed).as("relays delivered").isPositive();
    }
}
