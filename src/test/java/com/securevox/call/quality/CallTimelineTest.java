package com.securevox.call.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording rules of the calls' event timelines, and their way into a real SQLite history database. */
class CallTimelineTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ClientInfo CLIENT = new ClientInfo("websocket", "test");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private HistoryStore store;
    private CallTimeline timeline;

    @BeforeEach
    void open() {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        timeline = new CallTimeline(store.timeline(), clock, Duration.ofDays(1), 100);
        timeline.start();
    }

    @AfterEach
    void close() {
        timeline.close();
        store.close();
    }

    static Participant alice(boolean audioMuted, boolean videoMuted) {
        return new Participant("alice", Role.PARTICIPANT, audioMuted, videoMuted, T0, Optional.empty());
    }

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private List<String> kinds(CallFact fact) {
        return timeline.eventsOf(fact).stream()
                .map(e -> e.kind().wireName() + (e.reason() == null ? "" : ":" + e.reason()))
                .toList();
    }

    @Test
    void aMuteIsRecordedOnlyWhenATrackChanges() {
        assertThat(kinds(new CallFact.CallStarted("call_1", at(0)))).isEmpty();
        assertThat(kinds(new CallFact.ParticipantJoined("call_1", alice(false, true), CLIENT, 1, at(0))))
                .containsExactly("joined");
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(true, true), at(1))))
                .containsExactly("audio_muted");
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(true, true), at(2))))
                .as("the same state told again")
                .isEmpty();
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(false, false), at(3))))
                .containsExactly("audio_unmuted", "video_unmuted");
        assertThat(kinds(new CallFact.ParticipantUpdated(
                        "call_1", alice(false, false).withMuted(MediaKind.VIDEO, true), at(4))))
                .containsExactly("video_muted");
    }

    @Test
    void reconnectsAndLeavesAreRecordedWithTheReason() {
        timeline.eventsOf(new CallFact.ParticipantJoined("call_1", alice(false, false), CLIENT, 1, at(0)));
        assertThat(kinds(new CallFact.ParticipantAway("call_1", "alice", at(1))))
                .containsExactly("away");
        assertThat(kinds(new CallFact.ParticipantBack("call_1", "alice", at(2))))
                .containsExactly("resumed");
        assertThat(kinds(new CallFact.ParticipantLeft("call_1", "alice", LeaveReason.KICKED, at(3))))
                .containsExactly("left:kicked");
        assertThat(kinds(new CallFact.CallEnded("call_1", at(0), at(3), 1, LeaveReason.KICKED)))
                .isEmpty();
    }

    @Test
    void aCallsEndForgetsItsParticipantsStatesAndNoOtherCalls() {
        timeline.eventsOf(new CallFact.ParticipantJoined("call_1", alice(true, false), CLIENT, 1, at(0)));
        timeline.eventsOf(new CallFact.ParticipantJoined("call_2", alice(true, false), CLIENT, 1, at(0)));
        timeline.eventsOf(new CallFact.CallEnded("call_1", at(0), at(1), 1, LeaveReason.DRAINED));
        assertThat(kinds(new CallFact.ParticipantUpdated("call_2", alice(true, false), at(2))))
                .as("call_2's state is still known: nothing changed")
                .isEmpty();
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(true, false), at(2))))
                .as("call_1's state was forgotten: an update is told as from scratch")
                .containsExactly("audio_muted");
    }

    @Test
    void aParticipantWhoLeftAndJoinedAgainStartsFromItsNewState() {
        timeline.eventsOf(new CallFact.ParticipantJoined("call_1", alice(true, false), CLIENT, 1, at(0)));
        timeline.eventsOf(new CallFact.ParticipantLeft("call_1", "alice", LeaveReason.REPLACED, at(1)));
        timeline.eventsOf(new CallFact.ParticipantJoined("call_1", alice(false, false), CLIENT, 1, at(1)));
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(false, false), at(2))))
                .as("unmuted when it joined again: nothing changed")
                .isEmpty();
    }

    @Test
    void aCallTakenOverKeepsItsParticipantsStatesAndAnUnknownOneIsRecordedOnlyWhenMuted() {
        timeline.eventsOf(new CallFact.CallResumed("call_1", at(0), at(5), List.of(alice(true, false)), false, 1));
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", alice(true, false), at(6))))
                .isEmpty();
        Participant bob = new Participant("bob", Role.PARTICIPANT, false, true, T0, Optional.empty());
        assertThat(kinds(new CallFact.ParticipantUpdated("call_1", bob, at(7)))).containsExactly("video_muted");
    }

    @Test
    void eventsAreWrittenInTheirOrderAndReadBackByCall() {
        timeline.record(new CallFact.CallStarted("call_1", at(0)));
        timeline.record(new CallFact.ParticipantJoined("call_1", alice(false, false), CLIENT, 1, at(0)));
        timeline.record(new CallFact.ParticipantUpdated("call_1", alice(true, false), at(0)));
        timeline.record(new CallFact.ParticipantAway("call_1", "alice", at(0)));
        timeline.record(new CallFact.ParticipantBack("call_1", "alice", at(1)));
        timeline.record(new CallFact.ParticipantLeft("call_1", "alice", LeaveReason.LEFT, at(2)));
        timeline.close();

        assertThat(store.timeline().events("call_1", at(0), at(10)))
                .extracting(e -> e.kind().wireName())
                .as("the same millisecond keeps the facts' order")
                .containsExactly("joined", "audio_muted", "away", "resumed", "left");
        assertThat(timeline.dropped()).isZero();
    }

    @Test
    void onlyALeaveCarriesAReason() {
        assertThatThrownBy(() -> new TimelineEvent("call_1", "alice", T0, 0, TimelineKind.JOINED, "left"))
                .hasMessageContaining("reason: left for joined");
        assertThatThrownBy(() -> new TimelineEvent("call_1", "alice", T0, 0, TimelineKind.LEFT, null))
                .hasMessageContaining("expected: a reason for left only");
    }
}
