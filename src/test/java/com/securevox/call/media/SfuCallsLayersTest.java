package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Outbox;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How SfuCalls sets what a subscriber receives of a camera: the layer its view asks for, the low layer when its link
 * loses packets, audio only when it loses them again, and everything back once it recovers; never two changes of
 * one m-line within {@link Subscriptions#LAYER_HOLD}.
 */
class SfuCallsLayersTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** What the call side asked the SFU, as method name and the arguments that matter here. */
    record Asked(String method, Object what) {}

    private final List<Asked> asked = new ArrayList<>();
    private final List<Object[]> subscribes = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SfuCalls calls = new SfuCalls(
            recordingSfu(),
            new SfuCallsJournalTest.QuietSignals(),
            (sessionId, mode) -> {},
            new MediaPolicy(MediaSetting.SFU, 3, 10, 0),
            MediaRecording.OFF,
            scheduler,
            clock,
            Runnable::run);
    private final Outbox outbox = calls.observing((to, event) -> {});
    private final ConnectionId bob = new ConnectionId("bob-socket");
    private MediaParticipant bobInSfu;

    @BeforeEach
    void aliceAndBobOnTheSfuBobReceivingAlicesCamera() {
        join(new ConnectionId("alice-socket"), "alice");
        join(bob, "bob");
        RoomId room = (RoomId) asked.stream()
                .filter(a -> a.method().equals("openRoom"))
                .findFirst()
                .orElseThrow()
                .what();
        FeedId alice = new FeedId("p1");
        calls.onEvent(new MediaEvent.FeedPublished(
                room,
                alice,
                List.of(
                        new PublishedStream("0", "audio", null, false),
                        new PublishedStream("1", "video", null, true))));
        bobInSfu = (MediaParticipant) subscribes.getLast()[0];
        assertThat(bobInSfu.userId()).isEqualTo("bob");
        calls.onEvent(new MediaEvent.SubscriberOffer(
                bobInSfu,
                new SessionDescription(SessionDescription.Type.OFFER, "v=0"),
                List.of(
                        new SubscribedStream("0", alice, "0", "audio", null),
                        new SubscribedStream("1", alice, "1", "video", null))));
        asked.clear();
        calls.answer(bob, new SessionDescription(SessionDescription.Type.ANSWER, "v=0"));
    }

    @Test
    void aViewPicksTheLayerLossLowersItThenTurnsTheVideoOffAndRecoveryBringsItBack() {
        assertThat(asked).containsExactly(new Asked("setLayer", SimulcastLayer.HIGH));

        calls.view(bob, List.of(new View("alice", 320, 180)));
        assertThat(asked).as("within the hold of the last change").hasSize(1);
        clock.advance(Subscriptions.LAYER_HOLD);
        scheduler.firePending();
        assertThat(asked.getLast()).isEqualTo(new Asked("setLayer", SimulcastLayer.LOW));

        calls.view(bob, List.of(new View("alice", 1280, 720)));
        clock.advance(Subscriptions.LAYER_HOLD);
        scheduler.firePending();
        assertThat(asked.getLast()).isEqualTo(new Asked("setLayer", SimulcastLayer.HIGH));

        asked.clear();
        clock.advance(Subscriptions.LAYER_HOLD);
        calls.onEvent(new MediaEvent.SlowLink(bobInSfu, PeerLink.SUBSCRIBER, false, "1", 12));
        assertThat(asked).containsExactly(new Asked("setLayer", SimulcastLayer.LOW));
        clock.advance(Duration.ofSeconds(1));
        calls.onEvent(new MediaEvent.SlowLink(bobInSfu, PeerLink.SUBSCRIBER, false, "1", 12));
        assertThat(asked.getLast()).as("slow again on the low layer").isEqualTo(new Asked("setVideo", false));

        asked.clear();
        clock.advance(SfuCalls.SLOW_LINK_HOLD);
        scheduler.firePending();
        assertThat(asked)
                .as("recovered: video on, at the layer its view asks for")
                .containsExactly(new Asked("setVideo", true), new Asked("setLayer", SimulcastLayer.HIGH));
    }

    @Test
    void aTileNotShownGetsAudioOnlyAndUplinkLossChangesNothing() {
        asked.clear();
        calls.view(bob, List.of(new View("alice", 0, 0)));
        assertThat(asked).containsExactly(new Asked("setVideo", false));
        calls.onEvent(new MediaEvent.SlowLink(bobInSfu, PeerLink.PUBLISHER, true, "1", 30));
        assertThat(asked).hasSize(1);
    }

    private void join(ConnectionId connection, String userId) {
        SfuCallsJournalTest.joinedS1(calls, outbox, connection, userId);
    }

    /** An SFU that is up, does what it is asked at once, and remembers the requests this test looks at. */
    private SfuGateway recordingSfu() {
        return SfuCallsJournalTest.upSfu((method, args) -> {
            switch (method) {
                case "openRoom" -> asked.add(new Asked("openRoom", ((RoomSpec) args[0]).room()));
                case "subscribe" -> subscribes.add(args);
                case "setLayer" -> asked.add(new Asked("setLayer", args[2]));
                case "setVideo" -> asked.add(new Asked("setVideo", args[2]));
                default -> {}
            }
        });
    }
}
