package com.securevox.call.it;

import static com.securevox.call.testing.MediaFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.securevox.call.call.Scheduler;
import com.securevox.call.janus.JanusClient;
import com.securevox.call.janus.JanusLoopback;
import com.securevox.call.janus.JanusMessage;
import com.securevox.call.janus.JanusSettings;
import com.securevox.call.janus.JanusSfuGateway;
import com.securevox.call.janus.TestSdp;
import com.securevox.call.media.FeedId;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaEvent;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.PublishedStream;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.SfuStatus;
import com.securevox.call.media.SimulcastLayer;
import com.securevox.call.media.SubscribedStream;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Janus client and the SFU adapter against a real Janus 1.1.2 ({@link Janus}: one per class, with a minimal
 * hardened configuration). Janus is made to time out with SIGSTOP and to crash with SIGKILL, so no fake stands in for
 * it here; what only a fake can do (a malformed or oversized frame) is in {@code JanusClientTest}.
 *
 * <p>Without a browser no PeerConnection comes up, so the offers published here are well-formed SDPs with no ICE or
 * DTLS peer behind them: Janus answers them, and reports the link down once ICE fails. Media, talking and feeds
 * becoming active are left to the browser tests.
 */
class JanusClientIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "janus-it-timers");
        thread.setDaemon(true);
        return thread;
    });
    private static final Scheduler SCHEDULER = (delay, task) -> {
        var future = TIMERS.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    };

    private static Janus janus;

    private final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    private JanusSfuGateway gateway;
    private JanusClient client;

    @BeforeAll
    static void startJanus() {
        janus = Janus.start();
    }

    @AfterAll
    static void stopJanus() {
        if (janus != null) {
            janus.close();
        }
    }

    @AfterEach
    void closeClients() {
        if (gateway != null) {
            gateway.close();
        }
        if (client != null) {
            client.close();
        }
        if (janus.alive()) {
            janus.signal("CONT");
        }
    }

    @Test
    void connectsReadsInfoAndChecksTheSecret() throws Exception {
        client = new JanusClient(settings(janus.apiSecret()), SCHEDULER, Clock.systemUTC(), reason -> {});

        JanusMessage.ServerInfo info = await(client.connect());

        assertThat(info.versionString()).isEqualTo("1.1.2");
        assertThat(info.apiSecret()).isTrue();
        assertThat(info.plugins()).containsExactly("janus.plugin.videoroom");
        assertThat(info.transports()).containsExactly("janus.transport.websockets");
        assertThat(client.connected()).isTrue();
        long session = await(client.createSession(reason -> {}));
        await(client.destroySession(session));
    }

    @Test
    void aWrongApiSecretIsRefusedClearly() {
        client = new JanusClient(settings("not-the-secret"), SCHEDULER, Clock.systemUTC(), reason -> {});

        assertThat(failure(client.connect()))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.REFUSED))
                .hasMessageContaining("Janus refused our apisecret")
                .hasMessageContaining("403 Unauthorized request")
                .hasMessageContaining("(expected: the api_secret of janus.jcfg)");
        assertThat(client.connected()).isFalse();
    }

    @Test
    void anUnreachableJanusIsUnavailable() throws Exception {
        int nobody = Coturn.freePort();
        client = new JanusClient(
                JanusSettings.of(java.net.URI.create("ws://127.0.0.1:" + nobody), Optional.of("x"), Optional.empty()),
                SCHEDULER,
                Clock.systemUTC(),
                reason -> {});

        assertThat(failure(client.connect()))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.UNAVAILABLE))
                .hasMessageContaining("cannot connect to Janus at ws://127.0.0.1:" + nobody);
    }

    @Test
    void aRequestJanusDoesNotAnswerTimesOut() throws Exception {
        JanusSettings quick = new JanusSettings(
                janus.url(),
                Optional.of(janus.apiSecret()),
                Optional.of(janus.adminKey()),
                Duration.ofMillis(500),
                JanusSettings.DEFAULT_KEEPALIVE);
        client = new JanusClient(quick, SCHEDULER, Clock.systemUTC(), reason -> {});
        await(client.connect());

        janus.signal("STOP");
        try {
            assertThat(failure(client.createSession(reason -> {})))
                    .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.TIMEOUT))
                    .hasMessage("Janus did not answer create within PT0.5S");
        } finally {
            janus.signal("CONT");
        }
        long session = await(client.createSession(reason -> {}));
        assertThat(session).isPositive();
    }

    @Test
    void aKeepaliveForASessionJanusNoLongerKnowsReportsItGone() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        client = new JanusClient(settings(janus.apiSecret()), timers, clock, reason -> {});
        await(client.connect());
        AtomicReference<String> gone = new AtomicReference<>();
        long session = await(client.createSession(gone::set));
        // Another connection ends the session behind this client's back, as a Janus restart or timeout would.
        try (JanusClient other = new JanusClient(settings(janus.apiSecret()), SCHEDULER, clock, reason -> {})) {
            await(other.connect());
            await(other.destroySession(session));
        }

        clock.advance(JanusSettings.DEFAULT_KEEPALIVE);
        timers.tasks().stream()
                .filter(task -> task.delay.equals(JanusSettings.DEFAULT_KEEPALIVE) && !task.cancelled())
                .forEach(ManualScheduler.Task::fire);

        ServerProcess.await(WAIT, "the session to be reported gone", () -> gone.get() != null);
        assertThat(gone.get()).isEqualTo("Janus no longer knows the session");
    }

    @Test
    void roomsOpenAndCloseAndBothAreIdempotent() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 1_500_000, true);

        await(gateway.openRoom(spec));
        await(gateway.openRoom(spec));
        assertThat(gateway.rooms()).isEqualTo(1);

        await(gateway.closeRoom(spec.room()));
        await(gateway.closeRoom(spec.room()));
        assertThat(gateway.rooms()).isZero();
        assertThat(events).containsExactly(new MediaEvent.EngineReady());
    }

    @Test
    void aParticipantPublishesGetsAnAnswerAndLeaves() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 1_500_000, true);
        await(gateway.openRoom(spec));
        MediaParticipant alice = new MediaParticipant(spec.room(), "alice#1", "alice");

        SessionDescription answer = await(
                gateway.publish(alice, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));

        assertThat(answer.type()).isEqualTo(SessionDescription.Type.ANSWER);
        assertThat(answer.sdp()).startsWith("v=0").contains("m=audio", "m=video", "a=recvonly");
        await(gateway.trickle(
                alice,
                PeerLink.PUBLISHER,
                new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "0", 0)));
        await(gateway.trickle(alice, PeerLink.PUBLISHER, null));
        await(gateway.leave(alice));
        await(gateway.leave(alice));
        await(gateway.closeRoom(spec.room()));
    }

    /** Janus refuses a publisher without {@code e2ee} in its jsep ("Room requires end-to-end encrypted media"). */
    @Test
    void aPublisherInAnEncryptedRoomSaysItEncryptsAndIsAdmitted() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 0, true, java.util.Optional.empty(), true);
        await(gateway.openRoom(spec));
        MediaParticipant alice = new MediaParticipant(spec.room(), "alice#1", "alice");

        SessionDescription answer = await(
                gateway.publish(alice, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));

        assertThat(answer.sdp()).contains("m=audio", "m=video", "a=recvonly");
        await(gateway.leave(alice));
        await(gateway.closeRoom(spec.room()));
    }

    @Test
    void aPublisherWhoseIceFailsIsReportedDown() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 0, false);
        await(gateway.openRoom(spec));
        MediaParticipant alice = new MediaParticipant(spec.room(), "alice#2", "alice");
        await(gateway.publish(alice, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));
        // Nothing answers on port 9: ICE fails, and Janus gives up 5 s after it has every candidate.
        await(gateway.trickle(
                alice,
                PeerLink.PUBLISHER,
                new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "0", 0)));
        await(gateway.trickle(alice, PeerLink.PUBLISHER, new IceCandidate("", "0", 0)));

        ServerProcess.await(
                Duration.ofSeconds(60),
                "LinkDown for alice; events: " + events,
                () -> events.contains(new MediaEvent.LinkDown(alice, PeerLink.PUBLISHER, "ICE failed")));
        // Her feed never became active, so nobody is told it went away.
        assertThat(events).noneMatch(MediaEvent.FeedUnpublished.class::isInstance);
        await(gateway.closeRoom(spec.room()));
    }

    /**
     * Real PeerConnections, with Janus as the other end of both ({@link JanusLoopback}): alice publishes an offer a
     * subscriber handle of Janus made, bob subscribes to her and answers with what a publisher handle of Janus says.
     */
    @Test
    void linksComeUpFeedsArePublishedAndSubscriptionsFollowThem() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 0, true);
        await(gateway.openRoom(spec));
        MediaParticipant alice = new MediaParticipant(spec.room(), "alice#3", "alice");
        MediaParticipant bob = new MediaParticipant(spec.room(), "bob#3", "bob");
        try (JanusLoopback loopback = JanusLoopback.open(settings(janus.apiSecret()), SCHEDULER)) {
            SessionDescription answer = await(gateway.publish(alice, loopback.subscriberOffer()));
            loopback.answerSubscription(answer);

            ServerProcess.await(
                    WAIT,
                    "alice's link and feed; events: " + events,
                    () -> events.contains(new MediaEvent.LinkUp(alice, PeerLink.PUBLISHER))
                            && events.stream()
                                    .anyMatch(event -> event instanceof MediaEvent.FeedPublished published
                                            && published.feed().equals(alice.feed())));
            MediaEvent.FeedPublished published = events.stream()
                    .filter(MediaEvent.FeedPublished.class::isInstance)
                    .map(MediaEvent.FeedPublished.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(published.room()).isEqualTo(spec.room());
            assertThat(published.streams()).extracting(PublishedStream::kind).containsExactly("audio", "video");

            await(gateway.subscribe(bob, List.of(FeedStream.all(alice.feed()))));
            MediaEvent.SubscriberOffer offer = subscriberOffers(bob).getFirst();
            assertThat(offer.streams())
                    .extracting(SubscribedStream::feed, SubscribedStream::kind)
                    .containsExactly(tuple(alice.feed(), "audio"), tuple(alice.feed(), "video"));
            await(gateway.answerSubscription(bob, loopback.publisherAnswer(offer.offer())));
            ServerProcess.await(
                    WAIT,
                    "bob's subscription up; events: " + events,
                    () -> events.contains(new MediaEvent.LinkUp(bob, PeerLink.SUBSCRIBER)));
            await(gateway.setLayer(bob, offer.streams().get(1).mid(), SimulcastLayer.LOW));

            await(gateway.leave(alice));
            ServerProcess.await(
                    WAIT,
                    "alice's feed gone; events: " + events,
                    () -> events.contains(new MediaEvent.FeedUnpublished(spec.room(), alice.feed())));
            // With autoupdate, Janus renegotiates bob's subscription by itself: her m-lines are left empty.
            ServerProcess.await(
                    WAIT,
                    "a new offer for bob; events: " + events,
                    () -> subscriberOffers(bob).size() == 2);
            assertThat(subscriberOffers(bob).get(1).streams())
                    .allSatisfy(stream -> assertThat(stream.feed()).isNull());
            assertThat(events.stream().filter(MediaEvent.FeedUnpublished.class::isInstance))
                    .hasSize(1);
        }
        await(gateway.closeRoom(spec.room()));
    }

    private List<MediaEvent.SubscriberOffer> subscriberOffers(MediaParticipant who) {
        return events.stream()
                .filter(event -> event instanceof MediaEvent.SubscriberOffer offer
                        && offer.participant().equals(who))
                .map(MediaEvent.SubscriberOffer.class::cast)
                .toList();
    }

    @Test
    void whatJanusRefusesFailsWithTheReason() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 0, true);
        await(gateway.openRoom(spec));
        MediaParticipant bob = new MediaParticipant(spec.room(), "bob#1", "bob");
        MediaParticipant carol = new MediaParticipant(spec.room(), "carol#1", "carol");
        MediaParticipant dave = new MediaParticipant(RoomId.random(), "dave#1", "dave");

        assertThat(failure(
                        gateway.publish(bob, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.MALFORMED))))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.REFUSED))
                .hasMessageContaining("Janus refused message publish: 465 Invalid line");
        assertThat(failure(gateway.subscribe(carol, List.of(FeedStream.all(new FeedId("nobody"))))))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.NOT_FOUND))
                .hasMessageContaining("428 No such feed (nobody)");
        assertThat(failure(gateway.answerSubscription(
                        carol, new SessionDescription(SessionDescription.Type.ANSWER, "v=0\r\n"))))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.NOT_FOUND))
                .hasMessageContaining("carol#1 has no subscription");
        assertThat(failure(gateway.publish(
                        dave, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER))))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.NOT_FOUND))
                .hasMessageContaining("is not open");
        // A refused publish leaves the participant usable.
        SessionDescription answer = await(
                gateway.publish(bob, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));
        assertThat(answer.type()).isEqualTo(SessionDescription.Type.ANSWER);
        await(gateway.closeRoom(spec.room()));
    }

    @Test
    void janusKilledIsLostOnceAndReadyAgainAfterItRestarts() throws Exception {
        startGateway();
        RoomSpec spec = new RoomSpec(RoomId.random(), 8, 0, true);
        await(gateway.openRoom(spec));

        // Stopped first, so that a request is surely pending when the socket drops.
        janus.signal("STOP");
        CompletionStage<Void> pending = gateway.openRoom(new RoomSpec(RoomId.random(), 8, 0, true));
        janus.kill();

        assertThat(failure(pending))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.UNAVAILABLE))
                .hasMessageContaining("connection to Janus lost");
        ServerProcess.await(
                WAIT, "EngineLost", () -> events.stream().anyMatch(MediaEvent.EngineLost.class::isInstance));
        assertThat(gateway.status()).isEqualTo(SfuStatus.CONNECTING);
        assertThat(gateway.rooms()).isZero();
        assertThat(failure(gateway.openRoom(spec)))
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.UNAVAILABLE));

        janus.restart();
        ServerProcess.await(
                WAIT,
                "EngineReady after the restart; events: " + events,
                () -> events.stream()
                                .filter(MediaEvent.EngineReady.class::isInstance)
                                .count()
                        == 2);
        assertThat(events.stream().filter(MediaEvent.EngineLost.class::isInstance))
                .hasSize(1);
        assertThat(gateway.status()).isEqualTo(SfuStatus.UP);
        await(gateway.openRoom(spec));
        assertThat(gateway.rooms()).isEqualTo(1);
    }

    private void startGateway() throws Exception {
        gateway = new JanusSfuGateway(settings(janus.apiSecret()), SCHEDULER, Clock.systemUTC(), events::add);
        await(gateway.connect());
        assertThat(gateway.status()).isEqualTo(SfuStatus.UP);
    }

    private static JanusSettings settings(String apiSecret) {
        return JanusSettings.of(janus.url(), Optional.of(apiSecret), Optional.of(janus.adminKey()));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        }
    }
}
