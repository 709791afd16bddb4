package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host's mute in a call on the SFU: the SFU stops forwarding the track's m-lines, keeps it stopped when the feed is
 * published again, and forwards it again only when the participant unmutes itself.
 */
class SfuCallsModerationTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    record Moderated(String userId, List<String> mids, boolean muted) {}

    private final List<Moderated> moderated = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private RoomId room;
    private final SfuCalls calls = new SfuCalls(
            recordingSfu(),
            new SfuCallsJournalTest.QuietSignals(),
            (sessionId, mode) -> {},
            new MediaPolicy(MediaSetting.SFU, 3, 10, 0),
            MediaRecording.OFF,
            new ManualScheduler(),
            clock,
            Runnable::run);
    private final Outbox outbox = calls.observing((to, event) -> {});
    private final CallJournal journal = calls.journal();
    private final ConnectionId alice = new ConnectionId("alice-socket");
    private final Participant aliceMuted =
            new Participant("alice", Role.PARTICIPANT, true, false, T0, Optional.empty());

    @BeforeEach
    void aliceAndBobOnTheSfu() {
        join(alice, "alice");
        join(new ConnectionId("bob-socket"), "bob");
    }

    @Test
    void aHostsMuteStopsTheMlinesOfThatKindAndOnlyTheParticipantLiftsIt() {
        publish("p1", List.of(stream("0", "audio"), stream("1", "video"), stream("2", "video")));

        outbox.deliver(alice, new CallEvent.MuteRequested("s1", MediaKind.VIDEO, "host"));
        assertThat(moderated).containsExactly(new Moderated("alice", List.of("1", "2"), true));

        journal.record(new CallFact.ParticipantUpdated(
                "s1", new Participant("alice", Role.PARTICIPANT, false, true, T0, Optional.empty()), T0));
        assertThat(moderated).as("still muted: nothing to lift").hasSize(1);

        journal.record(new CallFact.ParticipantUpdated("s1", aliceMuted, T0));
        assertThat(moderated.getLast()).isEqualTo(new Moderated("alice", List.of("1", "2"), false));

        journal.record(new CallFact.ParticipantUpdated("s1", aliceMuted, T0));
        assertThat(moderated).as("lifted once").hasSize(2);
    }

    @Test
    void aMuteBeforeAnythingIsPublishedAppliesWhenItIs() {
        outbox.deliver(alice, new CallEvent.MuteRequested("s1", MediaKind.AUDIO, "api"));
        assertThat(moderated).isEmpty();

        publish("p1", List.of(stream("0", "audio"), stream("1", "video")));
        assertThat(moderated).containsExactly(new Moderated("alice", List.of("0"), true));

        publish("p1", List.of(stream("0", "audio"), stream("1", "video"), stream("3", "audio")));
        assertThat(moderated.getLast()).isEqualTo(new Moderated("alice", List.of("0", "3"), true));
    }

    @Test
    void otherParticipantsFeedsAreLeftAlone() {
        publish("p1", List.of(stream("0", "audio")));
        outbox.deliver(alice, new CallEvent.MuteRequested("s1", MediaKind.AUDIO, "host"));
        moderated.clear();

        publish("p2", List.of(stream("0", "audio")));

        assertThat(moderated).isEmpty();
    }

    private static PublishedStream stream(String mid, String kind) {
        return new PublishedStream(mid, kind, null, false);
    }

    /** Presences are numbered in join order: alice is p1, bob p2. */
    private void publish(String feed, List<PublishedStream> streams) {
        calls.onEvent(new MediaEvent.FeedPublished(room, new FeedId(feed), streams));
    }

    private void join(ConnectionId connection, String userId) {
        SfuCallsJournalTest.joinedS1(calls, outbox, connection, userId);
    }

    /** An SFU that is up, does what it is asked at once, and remembers its room and what it was asked to moderate. */
    private SfuGateway recordingSfu() {
        return SfuCallsJournalTest.upSfu((method, args) -> {
            switch (method) {
                case "openRoom" -> room = ((RoomSpec) args[0]).room();
                case "moderate" -> {
                    @SuppressWarnings("unchecked")
                    List<String> mids = (List<String>) args[1];
                    moderated.add(new Moderated(((MediaParticipant) args[0]).userId(), mids, (Boolean) args[2]));
                }
                default -> {}
            }
        });
    }
}
