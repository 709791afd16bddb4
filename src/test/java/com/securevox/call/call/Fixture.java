package com.securevox.call.call;

import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A registry wired to a manual clock, scheduler and recording outbox, plus short ways to drive it. */
final class Fixture {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(T0);
    final ManualScheduler scheduler = new ManualScheduler();
    final RecordingOutbox outbox = new RecordingOutbox();
    final RecordingJournal journal = new RecordingJournal();
    final CallRegistry registry;

    Fixture(CallPolicy policy) {
        registry = new CallRegistry(clock, policy, scheduler, outbox, journal);
    }

    static Fixture withGrace(Duration grace) {
        return new Fixture(new CallPolicy(16, grace, 4));
    }

    static Fixture standard() {
        return withGrace(GRACE);
    }

    static ConnectionId c(String id) {
        return new ConnectionId(id);
    }

    static JoinRequest request(String connection, String userId, String sessionId) {
        return new JoinRequest(
                c(connection),
                userId,
                Role.PARTICIPANT,
                sessionId,
                Optional.empty(),
                false,
                false,
                RecordingJournal.CLIENT);
    }

    Joined join(String connection, String userId, String sessionId) {
        return registry.join(request(connection, userId, sessionId));
    }

    void relay(String from, String toUserId, String text) {
        registry.relay(c(from), toUserId, new TestSignal(text));
    }
}
