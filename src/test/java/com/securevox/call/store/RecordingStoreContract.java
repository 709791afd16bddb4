package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recordings' catalog, run against every database like {@link HistoryStoreContract}. */
abstract class RecordingStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final RecordingFile ALICE =
            new RecordingFile("participant-1.webm", "alice", Duration.ZERO, Duration.ofSeconds(60), true, true, 1000);
    static final RecordingFile COMPOSED =
            new RecordingFile("composed.webm", null, Duration.ofMillis(250), Duration.ofSeconds(59), true, true, 5000);

    final MutableClock clock = new MutableClock(T0.plusSeconds(120));
    HistoryStore store;
    RecordingCatalog catalog;

    /** A store on a fresh, empty database. */
    abstract HistoryStore open();

    /** Closes the store and removes its database. */
    abstract void dispose();

    @BeforeEach
    void openStore() {
        store = open();
        catalog = store.recordings(clock, Optional.empty(), RecordingNode.alone("n1"));
    }

    @AfterEach
    void disposeStore() {
        dispose();
    }

    @Test
    void aRecordingGoesFromRecordingToProcessingToReadyWithItsFiles() {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", T0);
        assertThat(catalog.find(id)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(RecordingStatus.RECORDING);
            assertThat(r.endedAt()).isNull();
            assertThat(r.startedBy()).isEqualTo("alice");
            assertThat(r.files()).isEmpty();
        });
        assertThat(catalog.unfinished()).extracting(RecordingInfo::id).containsExactly(id);

        catalog.processing(id, T0.plusSeconds(60));
        assertThat(catalog.find(id).orElseThrow().status()).isEqualTo(RecordingStatus.PROCESSING);
        catalog.ready(id, List.of(COMPOSED, ALICE), true, "bob's video (the SFU restarted)");

        RecordingInfo ready = catalog.find(id).orElseThrow();
        assertThat(ready.status()).isEqualTo(RecordingStatus.READY);
        assertThat(ready.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(ready.partial()).isTrue();
        assertThat(ready.failure()).isEqualTo("bob's video (the SFU restarted)");
        assertThat(ready.files()).containsExactly(ALICE, COMPOSED);
        assertThat(catalog.unfinished()).isEmpty();

        // Settled once: a repeated ready (its first answer lost) changes nothing.
        catalog.ready(id, List.of(ALICE), false, null);
        assertThat(catalog.find(id)).contains(ready);
    }

    @Test
    void aFailureWithoutAnEndIsStampedWithTheClock() {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "api", T0);
        catalog.failed(id, "janus refused to record");

        RecordingInfo failed = catalog.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(failed.endedAt()).isEqualTo(clock.instant());
        assertThat(failed.failure()).isEqualTo("janus refused to record");
        assertThat(failed.files()).isEmpty();
    }

    @Test
    void unknownIdsAndInconsistentArgumentsAreRefused() {
        assertThatThrownBy(() -> catalog.ready(RecordingId.random(), List.of(), false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: a recording whose start was recorded");
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "api", T0);
        assertThatThrownBy(() -> catalog.ready(id, List.of(ALICE, ALICE), false, null))
                .hasMessageContaining("participant-1.webm' twice");
        assertThatThrownBy(() -> catalog.ready(id, List.of(ALICE), true, null))
                .hasMessageContaining("lost: null (expected: what was lost when partial");
        assertThat(catalog.find(id).orElseThrow().status()).isEqualTo(RecordingStatus.RECORDING);
    }

    @Test
    void listsAreNewestFirstPerCallOrAllAndLimited() {
        RecordingId first = RecordingId.random();
        RecordingId second = RecordingId.random();
        RecordingId other = RecordingId.random();
        catalog.started(first, "s1", "alice", T0);
        catalog.started(second, "s1", "alice", T0.plusSeconds(10));
        catalog.started(other, "s2", "server", T0.plusSeconds(5));

        assertThat(catalog.list(Optional.of("s1"), 10))
                .extracting(RecordingInfo::id)
                .containsExactly(second, first);
        assertThat(catalog.list(Optional.empty(), 10))
                .extracting(RecordingInfo::id)
                .containsExactly(second, other, first);
        assertThat(catalog.list(Optional.empty(), 1))
                .extracting(RecordingInfo::id)
                .containsExactly(second);
        assertThat(catalog.list(Optional.of("nothing"), 10)).isEmpty();
    }

    @Test
    void onlySettledRecordingsThatEndedBeforeTheCutoffAreDue() {
        RecordingId old = settled(T0, T0.plusSeconds(10));
        RecordingId newer = settled(T0, T0.plusSeconds(20));
        RecordingId late = settled(T0, T0.plusSeconds(100));
        RecordingId running = RecordingId.random();
        catalog.started(running, "s1", "alice", T0);

        assertThat(catalog.endedBefore(T0.plusSeconds(50), 10)).containsExactly(old, newer);
        assertThat(catalog.endedBefore(T0.plusSeconds(50), 1)).containsExactly(old);
        assertThat(catalog.endedBefore(T0.plusSeconds(101), 10)).containsExactly(old, newer, late);
    }

    @Test
    void aRecordingMarkedForDeletionIsHiddenFromEveryReadUntilItsRowsGo() {
        RecordingId kept = settled(T0, T0.plusSeconds(10));
        RecordingId doomed = settled(T0, T0.plusSeconds(10));

        catalog.markDeleting(doomed);

        assertThat(catalog.find(doomed)).isEmpty();
        assertThat(catalog.list(Optional.of("s1"), 10))
                .extracting(RecordingInfo::id)
                .containsExactly(kept);
        assertThat(catalog.endedBefore(T0.plusSeconds(50), 10)).containsExactly(kept);
        assertThat(catalog.deleting()).containsExactly(doomed);

        catalog.delete(doomed);

        assertThat(catalog.deleting()).isEmpty();
        assertThat(catalog.find(kept)).isPresent();
        assertThat(catalog.list(Optional.empty(), 10))
                .extracting(RecordingInfo::id)
                .containsExactly(kept);
    }

    @Test
    void eachRecordingKeepsItsNodeAndSharingNodesLookAfterTheirOwnOnly() {
        RecordingCatalog one = store.recordings(clock, Optional.empty(), new RecordingNode("node-1", true));
        RecordingCatalog two = store.recordings(clock, Optional.empty(), new RecordingNode("node-2", true));
        RecordingId ofOne = RecordingId.random();
        RecordingId ofTwo = RecordingId.random();
        one.started(ofOne, "s1", "alice", T0);
        two.started(ofTwo, "s2", "bob", T0.plusSeconds(1));

        // Every node reads every recording, and where its files are.
        assertThat(two.find(ofOne).orElseThrow().node()).isEqualTo("node-1");
        assertThat(one.find(ofTwo).orElseThrow().node()).isEqualTo("node-2");
        assertThat(one.list(Optional.empty(), 10))
                .extracting(RecordingInfo::node)
                .containsExactly("node-2", "node-1");
        // A node starting up finds unfinished only what it was making: node-2's recording goes on there.
        assertThat(one.unfinished()).extracting(RecordingInfo::id).containsExactly(ofOne);
        assertThat(two.unfinished()).extracting(RecordingInfo::id).containsExactly(ofTwo);
        // A node alone on its database (its id may change every run) looks after every recording.
        assertThat(catalog.unfinished()).extracting(RecordingInfo::id).containsExactly(ofOne, ofTwo);

        one.ready(ofOne, List.of(ALICE), false, null);
        assertThat(two.find(ofOne).orElseThrow().node())
                .as("settled, it keeps its node")
                .isEqualTo("node-1");
        two.failed(ofTwo, "no stream");
        Instant later = T0.plusSeconds(3600);
        assertThat(one.endedBefore(later, 10)).containsExactly(ofOne);
        assertThat(two.endedBefore(later, 10)).containsExactly(ofTwo);
        one.markDeleting(ofOne);
        two.markDeleting(ofTwo);
        assertThat(one.deleting()).containsExactly(ofOne);
        assertThat(two.deleting()).containsExactly(ofTwo);
        assertThat(catalog.deleting()).containsExactlyInAnyOrder(ofOne, ofTwo);
    }

    @Test
    void aFileOfSeveralPresencesKeepsItsSourceAndPiecesInOrderAndTheyGoWithIt() {
        RecordingFile bob = new RecordingFile(
                "participant-2.webm",
                "bob",
                RecordingFile.Source.CAMERA,
                Duration.ofSeconds(3),
                Duration.ofSeconds(9),
                true,
                true,
                2000,
                List.of(
                        new RecordingFile.Piece(Duration.ofSeconds(3), Duration.ofSeconds(4)),
                        new RecordingFile.Piece(Duration.ofSeconds(20), Duration.ofSeconds(2)),
                        new RecordingFile.Piece(Duration.ofSeconds(12), Duration.ofSeconds(3))));
        RecordingFile screen = new RecordingFile(
                "participant-2-screen.webm",
                "bob",
                RecordingFile.Source.SCREEN,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                false,
                true,
                300,
                List.of(new RecordingFile.Piece(Duration.ofSeconds(5), Duration.ofSeconds(1))));
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", T0);
        catalog.ready(id, List.of(ALICE, bob, screen, COMPOSED), false, null);

        assertThat(catalog.find(id).orElseThrow().files()).containsExactlyInAnyOrder(ALICE, bob, screen, COMPOSED);
        assertThat(COMPOSED.source()).isEqualTo(RecordingFile.Source.COMPOSED);

        catalog.markDeleting(id);
        catalog.delete(id);
        assertThat(catalog.deleting()).isEmpty();
        assertThat(catalog.find(id)).isEmpty();
    }

    @Test
    void anOutcomeAndItsWebhookEventAreWrittenTogetherOrNotAtAll() {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", T0);
        catalog.processing(id, T0.plusSeconds(60));
        RecordingInfo before = catalog.find(id).orElseThrow();

        // The second file breaks the files' primary key after the status was changed: all of it is undone.
        RecordingOutcome broken = outcome(before, List.of(ALICE, ALICE));
        assertThatThrownBy(() -> store.webhooks().enqueue(event(1), broken)).isInstanceOf(HistoryStoreException.class);
        assertThat(catalog.find(id)).contains(before);
        assertThat(store.webhooks().deliveries(Optional.empty(), 10)).isEmpty();

        assertThat(store.webhooks().enqueue(event(1), outcome(before, List.of(ALICE))))
                .isTrue();
        assertThat(catalog.find(id).orElseThrow().status()).isEqualTo(RecordingStatus.READY);
        assertThat(store.webhooks().deliveries(Optional.empty(), 10)).hasSize(1);

        // Settled already: neither the row nor the outbox changes.
        assertThat(store.webhooks().enqueue(event(2), outcome(before, List.of(COMPOSED))))
                .isFalse();
        assertThat(catalog.find(id).orElseThrow().files()).containsExactly(ALICE);
        assertThat(store.webhooks().deliveries(Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void withWebhooksTheCatalogHandsTheOutcomeToTheAnnouncer() {
        RecordingCatalog announced = store.recordings(
                clock, Optional.of(outcome -> store.webhooks().enqueue(event(7), outcome)), RecordingNode.alone("n1"));
        RecordingId id = RecordingId.random();
        announced.started(id, "s1", "alice", T0);
        announced.failed(id, "no stream could be processed");

        assertThat(announced.find(id).orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(store.webhooks().deliveries(Optional.empty(), 10))
                .singleElement()
                .satisfies(d -> assertThat(d.event().sequence()).isEqualTo(7));
    }

    @Test
    void theLastSequenceOfACallIsFoundByItsStartEvenWhenItsSessionIdWasUsedAgain() {
        WebhookOutbox outbox = store.webhooks();
        Instant second = T0.plusSeconds(100);
        outbox.enqueue(
                List.of(event("s1", 1, T0, T0), event("s1", 2, T0.plusSeconds(5), T0), event("s1", 1, second, second)));
        outbox.enqueue(List.of(event("s1", 3, T0.plusSeconds(200), T0)));

        assertThat(outbox.lastOfCall("s1", T0.plusSeconds(1))).contains(new CallSequence(T0, 3));
        assertThat(outbox.lastOfCall("s1", second.plusSeconds(1))).contains(new CallSequence(second, 1));
        assertThat(outbox.lastOfCall("s1", T0.minusSeconds(1))).isEmpty();
        assertThat(outbox.lastOfCall("s2", T0)).isEmpty();
    }

    private RecordingId settled(Instant started, Instant ended) {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s1", "alice", started);
        catalog.processing(id, ended);
        catalog.ready(id, List.of(ALICE), false, null);
        return id;
    }

    private RecordingOutcome outcome(RecordingInfo r, List<RecordingFile> files) {
        return new RecordingOutcome(
                new RecordingInfo(
                        r.id(),
                        r.sessionId(),
                        r.startedBy(),
                        r.startedAt(),
                        r.endedAt(),
                        RecordingStatus.READY,
                        false,
                        null,
                        files,
                        r.node()),
                clock.instant());
    }

    private static WebhookEvent event(long sequence) {
        return event("s1", sequence, T0.plusSeconds(120), T0);
    }

    private static WebhookEvent event(String sessionId, long sequence, Instant at, Instant callStartedAt) {
        return new WebhookEvent(
                UUID.randomUUID().toString(), sessionId, sequence, "recording.ready", at, "{}", callStartedAt);
    }
}
