package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.media.MediaMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one storage suite, run against every database: each test gets a store migrated from an empty database by
 * {@link #open()} and disposes of it with {@link #dispose()}.
 */
abstract class HistoryStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    HistoryStore store;

    /** A store on a fresh, empty database (migrations run from nothing). */
    abstract HistoryStore open();

    /** Closes the store and removes its database, and the one of {@link #emptyDatabase()} if made. */
    abstract void dispose();

    /** The JDBC URL (with any user in it) of one more fresh, empty database. */
    abstract String emptyDatabase();

    /** A store on the database at {@code url}, migrated. */
    abstract HistoryStore open(String url);

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void disposeStore() {
        dispose();
    }

    @Test
    void aFreshDatabaseHasNoCalls() {
        assertThat(store.calls(CallQuery.all(10))).isEqualTo(new CallPage(List.of(), Optional.empty()));
        assertThat(store.call("nothing")).isEmpty();
    }

    @Test
    void aCallIsReadBackWithItsParticipantsInJoinOrder() {
        String call = id();
        String alice = id();
        String bob = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(call, "s1", T0),
                new HistoryWrite.ParticipantOpened(alice, call, "alice", "host", T0, "websocket", "agent-a", 1),
                new HistoryWrite.ParticipantOpened(
                        bob, call, "bob", "participant", T0.plusSeconds(2), "polling", "", 2)));

        CallRecord open = store.call("s1").orElseThrow();
        assertThat(open.endedAt()).isEmpty();
        assertThat(open.durationSeconds()).isEmpty();
        assertThat(open.endReason()).isEmpty();
        assertThat(open.peakParticipants()).isEqualTo(2);
        assertThat(open.participants())
                .extracting(ParticipantRecord::userId, ParticipantRecord::transport)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", "websocket"),
                        org.assertj.core.groups.Tuple.tuple("bob", "polling"));

        store.write(List.of(
                new HistoryWrite.ParticipantClosed(bob, T0.plusSeconds(30), "disconnected"),
                new HistoryWrite.ParticipantClosed(alice, T0.plusSeconds(61), "left"),
                new HistoryWrite.CallClosed(call, T0.plusSeconds(61), 61, 2, "left")));

        CallRecord ended = store.call("s1").orElseThrow();
        assertThat(ended)
                .isEqualTo(new CallRecord(
                        call,
                        "s1",
                        T0,
                        Optional.of(T0.plusSeconds(61)),
                        Optional.of(61L),
                        2,
                        Optional.of("left"),
                        "mesh",
                        false,
                        List.of(
                                new ParticipantRecord(
                                        "alice",
                                        "host",
                                        T0,
                                        Optional.of(T0.plusSeconds(61)),
                                        Optional.of("left"),
                                        "websocket",
                                        "agent-a"),
                                new ParticipantRecord(
                                        "bob",
                                        "participant",
                                        T0.plusSeconds(2),
                                        Optional.of(T0.plusSeconds(30)),
                                        Optional.of("disconnected"),
                                        "polling",
                                        "")),
                        Optional.empty()));
    }

    @Test
    void writingABatchAgainChangesNothing() {
        String call = id();
        String alice = id();
        List<HistoryWrite> batch = List.of(
                new HistoryWrite.CallOpened(call, "s1", T0),
                new HistoryWrite.ParticipantOpened(alice, call, "alice", "host", T0, "websocket", "a", 1),
                new HistoryWrite.ParticipantClosed(alice, T0.plusSeconds(5), "left"),
                new HistoryWrite.CallClosed(call, T0.plusSeconds(5), 5, 1, "left"));
        store.write(batch);
        CallRecord once = store.call("s1").orElseThrow();

        store.write(batch);
        // A later close of the same rows (a retried batch arriving late) does not rewrite history either.
        store.write(List.of(new HistoryWrite.ParticipantClosed(alice, T0.plusSeconds(9), "drained")));

        assertThat(store.call("s1")).contains(once);
        assertThat(store.calls(CallQuery.all(10)).calls()).hasSize(1);
    }

    @Test
    void aFailingBatchWritesNothing() {
        String call = id();
        // The participant's call does not exist: the foreign key refuses it, and the call in the same batch goes too.
        List<HistoryWrite> batch = List.of(
                new HistoryWrite.CallOpened(call, "s1", T0),
                new HistoryWrite.ParticipantOpened(id(), id(), "alice", "host", T0, "websocket", "a", 1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.write(batch))
                .isInstanceOf(HistoryStoreException.class);

        assertThat(store.call("s1")).isEmpty();
    }

    @Test
    void theLatestCallOfAReusedSessionIdIsTheOneFound() {
        String first = id();
        String second = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(first, "s1", T0),
                new HistoryWrite.CallClosed(first, T0.plusSeconds(10), 10, 1, "left"),
                new HistoryWrite.CallOpened(second, "s1", T0.plusSeconds(60))));

        assertThat(store.call("s1")).map(CallRecord::id).contains(second);
        assertThat(store.calls(CallQuery.all(10)).calls())
                .extracting(CallRecord::id)
                .containsExactly(second, first);
    }

    @Test
    void pagesGoNewestFirstAndTheCursorLeadsToTheNextWithoutGapsOrRepeats() {
        List<String> expected = new ArrayList<>();
        List<HistoryWrite> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String call = id();
            // Two calls per instant: the id breaks the tie, so no call is skipped or repeated at a page boundary.
            batch.add(new HistoryWrite.CallOpened(call, "s" + i, T0.plusSeconds(i / 2)));
            expected.add(call);
        }
        store.write(batch);
        List<String> newestFirst = store.calls(CallQuery.all(200)).calls().stream()
                .map(CallRecord::id)
                .toList();
        assertThat(newestFirst).containsExactlyInAnyOrderElementsOf(expected);

        List<String> paged = new ArrayList<>();
        Optional<Cursor> cursor = Optional.empty();
        int pages = 0;
        do {
            CallPage page = store.calls(
                    new CallQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 3, cursor));
            page.calls().forEach(call -> paged.add(call.id()));
            cursor = page.next().map(next -> Cursor.parse(next.token()).orElseThrow());
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(newestFirst);
        for (int i = 1; i < paged.size(); i++) {
            CallRecord before = store.call(callSession(paged.get(i - 1))).orElseThrow();
            CallRecord after = store.call(callSession(paged.get(i))).orElseThrow();
            assertThat(before.startedAt()).isAfterOrEqualTo(after.startedAt());
        }
    }

    @Test
    void filtersByParticipantAndStartTime() {
        String early = id();
        String mid = id();
        String late = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(early, "early", T0),
                new HistoryWrite.ParticipantOpened(id(), early, "alice", "host", T0, "websocket", "", 1),
                new HistoryWrite.CallOpened(mid, "mid", T0.plusSeconds(60)),
                new HistoryWrite.ParticipantOpened(id(), mid, "bob", "host", T0.plusSeconds(60), "websocket", "", 1),
                new HistoryWrite.CallOpened(late, "late", T0.plusSeconds(120)),
                new HistoryWrite.ParticipantOpened(
                        id(), late, "alice", "host", T0.plusSeconds(120), "websocket", "", 1)));

        assertThat(ids(new CallQuery(
                        Optional.of("alice"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        10,
                        Optional.empty())))
                .containsExactly(late, early);
        assertThat(ids(new CallQuery(
                        Optional.empty(),
                        Optional.of(T0.plusSeconds(60)),
                        Optional.of(T0.plusSeconds(120)),
                        Optional.empty(),
                        10,
                        Optional.empty())))
                .as("from is inclusive, to exclusive")
                .containsExactly(mid);
        assertThat(ids(new CallQuery(
                        Optional.of("alice"),
                        Optional.of(T0.plusSeconds(1)),
                        Optional.empty(),
                        Optional.empty(),
                        10,
                        Optional.empty())))
                .containsExactly(late);
        assertThat(ids(new CallQuery(
                        Optional.of("carol"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        10,
                        Optional.empty())))
                .isEmpty();
    }

    @Test
    void aCallKeepsWhetherItWasEncryptedEndToEnd() {
        String plain = id();
        String encrypted = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(plain, "plain", T0, false),
                new HistoryWrite.CallOpened(encrypted, "encrypted", T0.plusSeconds(1), true)));
        store.write(List.of(new HistoryWrite.CallClosed(encrypted, T0.plusSeconds(9), 8, 3, "left")));

        assertThat(store.call("encrypted")).map(CallRecord::e2ee).contains(true);
        assertThat(store.call("plain")).map(CallRecord::e2ee).contains(false);
        assertThat(store.calls(CallQuery.all(10)).calls())
                .extracting(CallRecord::id, CallRecord::e2ee)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(encrypted, true),
                        org.assertj.core.groups.Tuple.tuple(plain, false));
    }

    @Test
    void aCallIsMeshUntilItUsesTheSfuAndStaysAnSfuCallWhenItMovesBack() {
        String mesh = id();
        String sfu = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(mesh, "mesh", T0),
                new HistoryWrite.CallOpened(sfu, "sfu", T0.plusSeconds(1)),
                // Told the mesh although it never left it: changes nothing.
                new HistoryWrite.CallMediaUsed(mesh, MediaMode.MESH)));
        assertThat(store.call("sfu")).map(CallRecord::media).contains("mesh");

        List<HistoryWrite> toTheSfuAndBack = List.of(
                new HistoryWrite.CallMediaUsed(sfu, MediaMode.SFU),
                new HistoryWrite.CallMediaUsed(sfu, MediaMode.MESH),
                new HistoryWrite.CallClosed(sfu, T0.plusSeconds(30), 29, 4, "left"));
        store.write(toTheSfuAndBack);
        // A retried batch, and a late SFU change of the same call: still one SFU call.
        store.write(toTheSfuAndBack);
        store.write(List.of(new HistoryWrite.CallMediaUsed(sfu, MediaMode.SFU)));

        assertThat(store.call("sfu")).map(CallRecord::media).contains("sfu");
        assertThat(store.call("mesh")).map(CallRecord::media).contains("mesh");
        assertThat(store.calls(CallQuery.all(10)).calls())
                .extracting(CallRecord::id, CallRecord::media)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(sfu, "sfu"),
                        org.assertj.core.groups.Tuple.tuple(mesh, "mesh"));
        assertThat(ids(byMedia("sfu"))).containsExactly(sfu);
        assertThat(ids(byMedia("mesh"))).containsExactly(mesh);
    }

    @Test
    void callsRecordedBeforeTheMediaColumnReadMesh() throws SQLException {
        String url = emptyDatabase();
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target("2")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO calls (id, session_id, started_at, peak_participants)"
                    + " VALUES ('a-call-of-v2', 'before', 1, 2)");
        }

        try (HistoryStore upgraded = open(url)) {
            assertThat(upgraded.call("before")).map(CallRecord::media).contains("mesh");
        }
    }

    @Test
    void eventsQueuedBeforeThePositionCounterStayFirst() throws SQLException {
        String url = emptyDatabase();
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target("9")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (int position : new int[] {3, 7}) {
                statement.executeUpdate("INSERT INTO webhook_events (id, position, session_id, sequence, type,"
                        + " created_at, body, status, attempts, window_start, next_attempt_at, call_started_at)"
                        + " VALUES ('old-" + position + "', " + position + ", 'old', " + position
                        + ", 'call.started', 1, '{}', 'pending', 0, 1, 1, 1)");
            }
        }

        try (HistoryStore upgraded = open(url)) {
            WebhookEvent next = event("new", 1, T0);
            upgraded.webhooks().enqueue(List.of(next));

            assertThat(ids(upgraded.webhooks().deliveries(Optional.empty(), 10)))
                    .containsExactly(next.id(), "old-7", "old-3");
        }
    }

    private static CallQuery byMedia(String media) {
        return new CallQuery(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(media), 10, Optional.empty());
    }

    private List<String> ids(CallQuery query) {
        return store.calls(query).calls().stream().map(CallRecord::id).toList();
    }

    private String callSession(String callId) {
        return store.calls(CallQuery.all(200)).calls().stream()
                .filter(call -> call.id().equals(callId))
                .findFirst()
                .orElseThrow()
                .sessionId();
    }

    @Test
    void theOutboxOffersOnlyTheOldestPendingEventOfEachCall() {
        WebhookOutbox outbox = store.webhooks();
        WebhookEvent a1 = event("a", 1, T0);
        WebhookEvent a2 = event("a", 2, T0);
        WebhookEvent b1 = event("b", 1, T0.plusSeconds(1));
        outbox.enqueue(List.of(a1, a2));
        outbox.enqueue(List.of(b1));

        assertThat(ids(outbox.due(T0.plusSeconds(1), 10))).containsExactly(a1.id(), b1.id());
        assertThat(outbox.due(T0, 10)).singleElement().satisfies(d -> {
            assertThat(d.event()).isEqualTo(a1);
            assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(d.attempts()).isZero();
        });

        // A failed head holds its call back until its next attempt; the other call goes on.
        outbox.failed(a1.id(), T0.plusSeconds(2), T0.plusSeconds(10), "503 Service Unavailable");
        assertThat(ids(outbox.due(T0.plusSeconds(3), 10))).containsExactly(b1.id());
        assertThat(ids(outbox.due(T0.plusSeconds(10), 10))).containsExactly(a1.id(), b1.id());

        outbox.delivered(a1.id(), T0.plusSeconds(11));
        assertThat(ids(outbox.due(T0.plusSeconds(11), 10))).containsExactly(a2.id(), b1.id());
        WebhookDelivery delivered =
                outbox.deliveries(Optional.of(DeliveryStatus.DELIVERED), 10).getFirst();
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(delivered.deliveredAt()).contains(T0.plusSeconds(11));
        assertThat(delivered.lastError()).isEmpty();
    }

    @Test
    void aDeadLetteredEventLetsItsCallGoOnAndARetryPutsItBackWithANewWindow() {
        WebhookOutbox outbox = store.webhooks();
        WebhookEvent a1 = event("a", 1, T0);
        WebhookEvent a2 = event("a", 2, T0);
        outbox.enqueue(List.of(a1, a2));

        outbox.deadLettered(a1.id(), T0.plusSeconds(5), "connection refused");

        assertThat(ids(outbox.due(T0.plusSeconds(5), 10))).containsExactly(a2.id());
        assertThat(outbox.deliveries(Optional.of(DeliveryStatus.DEAD), 10))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.event().id()).isEqualTo(a1.id());
                    assertThat(d.lastError()).contains("connection refused");
                    assertThat(d.attempts()).isEqualTo(1);
                });
        assertThat(outbox.retry(a2.id(), T0.plusSeconds(6)))
                .as("a pending event is no dead letter")
                .isFalse();
        assertThat(outbox.retry("nothing", T0.plusSeconds(6))).isFalse();

        assertThat(outbox.retry(a1.id(), T0.plusSeconds(6))).isTrue();

        WebhookDelivery retried = outbox.due(T0.plusSeconds(6), 10).getFirst();
        assertThat(retried.event().id()).isEqualTo(a1.id());
        assertThat(retried.windowStart()).isEqualTo(T0.plusSeconds(6));
        assertThat(ids(outbox.deliveries(Optional.empty(), 10))).containsExactly(a2.id(), a1.id());
    }

    @Test
    void enqueuingTheSameEventTwiceKeepsOne() {
        WebhookEvent a1 = event("a", 1, T0);
        store.webhooks().enqueue(List.of(a1));
        store.webhooks().enqueue(List.of(a1));

        assertThat(store.webhooks().deliveries(Optional.empty(), 10)).hasSize(1);
    }

    static WebhookEvent event(String sessionId, long sequence, Instant at) {
        return new WebhookEvent(id(), sessionId, sequence, "call.started", at, "{\"sequence\":" + sequence + "}", at);
    }

    static List<String> ids(List<WebhookDelivery> deliveries) {
        return deliveries.stream().map(d -> d.event().id()).toList();
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aRungCallShowsItsRingWithEachInviteesOutcome() {
        String ring = UUID.randomUUID().toString();
        String call = id();
        store.write(List.of(
                new HistoryWrite.RingOpened(
                        ring,
                        "rung",
                        "alice",
                        "video",
                        T0,
                        List.of(Map.entry("bob", "ringing"), Map.entry("carol", "busy"), Map.entry("dave", "calling"))),
                new HistoryWrite.InviteeDecided(ring, "carol", "busy", T0)));
        store.write(List.of(
                new HistoryWrite.CallOpened(call, "rung", T0.plusSeconds(1)),
                new HistoryWrite.InviteeDecided(ring, "bob", "accepted", T0.plusSeconds(4)),
                // Written again (a retried batch) or decided twice: the first outcome stays.
                new HistoryWrite.InviteeDecided(ring, "bob", "missed", T0.plusSeconds(45))));

        RingRecord ringing = store.call("rung").orElseThrow().ring().orElseThrow();
        assertThat(ringing.endedAt()).isEmpty();
        assertThat(ringing.invitees())
                .containsExactly(
                        new RingRecord.Invitee("bob", "accepted", Optional.of(T0.plusSeconds(4))),
                        new RingRecord.Invitee("carol", "busy", Optional.of(T0)),
                        new RingRecord.Invitee("dave", "calling", Optional.empty()));

        store.write(List.of(
                new HistoryWrite.InviteeDecided(ring, "dave", "unreachable", T0.plusSeconds(2)),
                new HistoryWrite.RingClosed(ring, T0.plusSeconds(2)),
                new HistoryWrite.RingClosed(ring, T0.plusSeconds(9)),
                new HistoryWrite.CallClosed(call, T0.plusSeconds(60), 59, 2, "left")));

        assertThat(store.call("rung").orElseThrow().ring())
                .contains(new RingRecord(
                        ring,
                        "alice",
                        "video",
                        T0,
                        Optional.of(T0.plusSeconds(2)),
                        List.of(
                                new RingRecord.Invitee("bob", "accepted", Optional.of(T0.plusSeconds(4))),
                                new RingRecord.Invitee("carol", "busy", Optional.of(T0)),
                                new RingRecord.Invitee("dave", "unreachable", Optional.of(T0.plusSeconds(2))))));
    }

    @Test
    void aCallIsShownWithTheRingOfItsSessionRungBeforeItEndedAndNoneIfNotRung() {
        String call = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(call, "plain", T0),
                new HistoryWrite.CallClosed(call, T0.plusSeconds(10), 10, 1, "left"),
                // A ring of the same session id after that call ended belongs to a later call, not to it.
                new HistoryWrite.RingOpened(
                        UUID.randomUUID().toString(),
                        "plain",
                        "alice",
                        "audio",
                        T0.plusSeconds(11),
                        List.of(Map.entry("bob", "ringing")))));

        assertThat(store.call("plain").orElseThrow().ring()).isEmpty();
    }

    @Test
    void theListShowsEachCallWithTheRingOfItsOwnSessionRungBeforeItEnded() {
        String firstRing = UUID.randomUUID().toString();
        String secondRing = UUID.randomUUID().toString();
        String first = id();
        String second = id();
        String plain = id();
        store.write(List.of(
                new HistoryWrite.RingOpened(
                        firstRing, "again", "alice", "audio", T0, List.of(Map.entry("bob", "ringing"))),
                new HistoryWrite.CallOpened(first, "again", T0.plusSeconds(1)),
                new HistoryWrite.InviteeDecided(firstRing, "bob", "accepted", T0.plusSeconds(2)),
                new HistoryWrite.RingClosed(firstRing, T0.plusSeconds(2)),
                new HistoryWrite.CallClosed(first, T0.plusSeconds(10), 9, 2, "left"),
                new HistoryWrite.CallOpened(plain, "plain", T0.plusSeconds(11)),
                // The same session id rung again for a later call: that call's ring, not the first one's.
                new HistoryWrite.RingOpened(
                        secondRing,
                        "again",
                        "carol",
                        "video",
                        T0.plusSeconds(20),
                        List.of(Map.entry("dave", "ringing"), Map.entry("erin", "calling"))),
                new HistoryWrite.InviteeDecided(secondRing, "erin", "unreachable", T0.plusSeconds(21)),
                new HistoryWrite.CallOpened(second, "again", T0.plusSeconds(22))));

        List<CallRecord> page = store.calls(CallQuery.all(10)).calls();

        assertThat(page).extracting(CallRecord::id).containsExactly(second, plain, first);
        assertThat(page.get(0).ring())
                .contains(new RingRecord(
                        secondRing,
                        "carol",
                        "video",
                        T0.plusSeconds(20),
                        Optional.empty(),
                        List.of(
                                new RingRecord.Invitee("dave", "ringing", Optional.empty()),
                                new RingRecord.Invitee("erin", "unreachable", Optional.of(T0.plusSeconds(21))))));
        assertThat(page.get(1).ring()).isEmpty();
        assertThat(page.get(2).ring())
                .contains(new RingRecord(
                        firstRing,
                        "alice",
                        "audio",
                        T0,
                        Optional.of(T0.plusSeconds(2)),
                        List.of(new RingRecord.Invitee("bob", "accepted", Optional.of(T0.plusSeconds(2))))));
        // The list and the call say the same.
        assertThat(store.call("again").orElseThrow().ring())
                .isEqualTo(page.get(0).ring());
    }

    @Test
    void theRingsThatAddedPeopleToACallAreShownWithItsRing() {
        String first = UUID.randomUUID().toString();
        String addedByBob = UUID.randomUUID().toString();
        String addedByAlice = UUID.randomUUID().toString();
        String call = id();
        store.write(List.of(
                new HistoryWrite.RingOpened(first, "grows", "alice", "video", T0, List.of(Map.entry("bob", "ringing"))),
                new HistoryWrite.CallOpened(call, "grows", T0.plusSeconds(1)),
                new HistoryWrite.InviteeDecided(first, "bob", "accepted", T0.plusSeconds(2)),
                new HistoryWrite.RingClosed(first, T0.plusSeconds(2)),
                new HistoryWrite.RingOpened(
                        addedByBob,
                        "grows",
                        "bob",
                        "audio",
                        T0.plusSeconds(30),
                        List.of(Map.entry("carol", "ringing")),
                        Optional.of(first)),
                new HistoryWrite.RingOpened(
                        addedByAlice,
                        "grows",
                        "alice",
                        "video",
                        T0.plusSeconds(40),
                        List.of(Map.entry("dave", "calling")),
                        Optional.of(first)),
                new HistoryWrite.InviteeDecided(addedByBob, "carol", "declined", T0.plusSeconds(41))));

        RingRecord ring = store.call("grows").orElseThrow().ring().orElseThrow();

        assertThat(ring.ringId())
                .as("the ring that rang the call, not the latest")
                .isEqualTo(first);
        assertThat(ring.invitees())
                .containsExactly(new RingRecord.Invitee("bob", "accepted", Optional.of(T0.plusSeconds(2))));
        assertThat(ring.added())
                .containsExactly(
                        new RingRecord(
                                addedByBob,
                                "bob",
                                "audio",
                                T0.plusSeconds(30),
                                Optional.empty(),
                                List.of(new RingRecord.Invitee("carol", "declined", Optional.of(T0.plusSeconds(41))))),
                        new RingRecord(
                                addedByAlice,
                                "alice",
                                "video",
                                T0.plusSeconds(40),
                                Optional.empty(),
                                List.of(new RingRecord.Invitee("dave", "calling", Optional.empty()))));
        assertThat(store.calls(CallQuery.all(5)).calls().getFirst().ring()).contains(ring);
    }

    @Test
    void theOpenCallOfASessionIsReadWithItsOpenParticipantsInJoinOrder() {
        String older = id();
        String call = id();
        String alice = id();
        String bob = id();
        String carol = id();
        store.write(List.of(
                new HistoryWrite.CallOpened(older, "s1", T0.minusSeconds(600)),
                new HistoryWrite.CallClosed(older, T0.minusSeconds(500), 100, 1, "left"),
                new HistoryWrite.CallOpened(call, "s1", T0, true),
                new HistoryWrite.ParticipantOpened(
                        bob, call, "bob", "participant", T0.plusSeconds(2), "polling", "b", 1),
                new HistoryWrite.ParticipantOpened(
                        alice, call, "alice", "host", T0.plusSeconds(1), "websocket", "a", 2),
                new HistoryWrite.ParticipantOpened(
                        carol, call, "carol", "participant", T0.plusSeconds(3), "websocket", "c", 3),
                new HistoryWrite.ParticipantClosed(carol, T0.plusSeconds(4), "left")));

        assertThat(store.openCall("s1", T0))
                .contains(new OpenCall(
                        call,
                        List.of(new OpenCall.Session(alice, "alice"), new OpenCall.Session(bob, "bob")),
                        Map.of("alice", 1, "bob", 1, "carol", 1)));
        assertThat(store.openCall("s1", T0.minusSeconds(600))).as("closed").isEmpty();
        assertThat(store.openCall("s1", T0.plusMillis(1))).as("another start").isEmpty();
        assertThat(store.openCall("s2", T0)).as("another session").isEmpty();

        store.write(List.of(new HistoryWrite.CallClosed(call, T0.plusSeconds(9), 9, 3, "left")));

        assertThat(store.openCall("s1", T0)).isEmpty();
    }
}
