package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Scheduler;
import com.securevox.call.it.Janus;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.quality.PointSource;
import com.securevox.call.quality.ServerView;
import com.securevox.call.quality.ServerViews;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Admin API client against a real Janus 1.1.2: what our own API session opened, it lists and describes. */
class JanusAdminClientIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "janus-admin-it-timers");
        thread.setDaemon(true);
        return thread;
    });
    private static final Scheduler SCHEDULER = (delay, task) -> {
        var future = TIMERS.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Janus janus;

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

    @Test
    void listsSessionsAndHandlesAndDescribesAHandle() throws Exception {
        JanusClient client = new JanusClient(
                JanusSettings.of(janus.url(), Optional.of(janus.apiSecret()), Optional.of(janus.adminKey())),
                SCHEDULER,
                Clock.systemUTC(),
                reason -> {});
        try (JanusAdminClient admin = new JanusAdminClient(janus.adminEndpoint(), HTTP, WAIT)) {
            get(client.connect());
            long session = get(client.createSession(reason -> {}));
            long handle = get(client.attach(session, VideoRoomDecoder.PLUGIN, message -> {}));

            assertThat(admin.sessions()).contains(session);
            assertThat(admin.handles(session)).containsExactly(handle);
            HandleStats stats = admin.handleInfo(session, handle);
            assertThat(stats.sessionId()).isEqualTo(session);
            assertThat(stats.handleId()).isEqualTo(handle);
            assertThat(stats.streams()).as("no PeerConnection yet").isEmpty();

            get(client.detach(session, handle));
            assertThatThrownBy(() -> admin.handleInfo(session, handle))
                    .isInstanceOfSatisfying(
                            JanusErrorException.class, e -> assertThat(e.code()).isEqualTo(459));
        } finally {
            client.close();
        }
    }

    @Test
    void theGatewayNamesAPublishersHandleWhoseInfoHasItsAudioAndVideo() throws Exception {
        JanusSfuGateway gateway = new JanusSfuGateway(
                JanusSettings.of(janus.url(), Optional.of(janus.apiSecret()), Optional.of(janus.adminKey())),
                SCHEDULER,
                Clock.systemUTC(),
                event -> {});
        try (JanusAdminClient admin = new JanusAdminClient(janus.adminEndpoint(), HTTP, WAIT)) {
            get(gateway.connect());
            RoomSpec spec = new RoomSpec(RoomId.random(), 8, 1_500_000, true);
            get(gateway.openRoom(spec));
            MediaParticipant alice = new MediaParticipant(spec.room(), "alice#1", "alice");
            assertThat(get(gateway.publisherHandles())).isEmpty();

            get(gateway.publish(alice, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));

            PublisherHandle handle = get(gateway.publisherHandles()).getFirst();
            assertThat(handle.who()).isEqualTo(alice);
            HandleStats stats = admin.handleInfo(handle.session(), handle.handle());
            assertThat(stats.streams())
                    .extracting(HandleStats.Stream::kind)
                    .containsExactly(MediaKind.AUDIO, MediaKind.VIDEO);
            assertThat(stats.streams())
                    .allSatisfy(stream -> assertThat(stream.packetsIn()).isZero());

            get(gateway.leave(alice));
            assertThat(get(gateway.publisherHandles())).isEmpty();
            get(gateway.closeRoom(spec.room()));
        } finally {
            gateway.close();
        }
    }

    @Test
    void thePollerTurnsEachPublishersHandleInfoIntoAServerViewOfItsCall() throws Exception {
        JanusSfuGateway gateway = new JanusSfuGateway(
                JanusSettings.of(janus.url(), Optional.of(janus.apiSecret()), Optional.of(janus.adminKey())),
                SCHEDULER,
                Clock.systemUTC(),
                event -> {});
        List<String> seen = new CopyOnWriteArrayList<>();
        List<ServerView> views = new CopyOnWriteArrayList<>();
        try {
            get(gateway.connect());
            RoomSpec spec = new RoomSpec(RoomId.random(), 8, 1_500_000, true);
            get(gateway.openRoom(spec));
            MediaParticipant alice = new MediaParticipant(spec.room(), "alice#1", "alice");
            get(gateway.publish(alice, new SessionDescription(SessionDescription.Type.OFFER, TestSdp.PUBLISHER_OFFER)));
            ServerViews sink = (session, user, view) -> {
                seen.add(session + "/" + user);
                views.add(view);
            };
            JanusQualityPoller poller = new JanusQualityPoller(
                    gateway::publisherHandles,
                    new JanusAdminClient(janus.adminEndpoint(), HTTP, WAIT),
                    room -> room.equals(spec.room()) ? Optional.of("call_1") : Optional.empty(),
                    sink,
                    Clock.systemUTC(),
                    JanusQualityPoller.INTERVAL);
            try (poller) {
                assertThat(poller.state()).isEqualTo(JanusQualityPoller.State.STARTING);
                poller.round();
                poller.round();

                assertThat(poller.state()).isEqualTo(JanusQualityPoller.State.UP);
                assertThat(seen).containsExactly("call_1/alice", "call_1/alice");
                assertThat(views).allSatisfy(view -> {
                    assertThat(view.uploadKbps())
                            .as("no media flows in this test")
                            .isZero();
                    assertThat(view.point().source()).isEqualTo(PointSource.SERVER);
                });
            }

            JanusQualityPoller refused = new JanusQualityPoller(
                    gateway::publisherHandles,
                    new JanusAdminClient(
                            new JanusAdminEndpoint(janus.adminEndpoint().url(), "not-the-admin-secret"), HTTP, WAIT),
                    room -> Optional.of("call_1"),
                    sink,
                    Clock.systemUTC(),
                    JanusQualityPoller.INTERVAL);
            try (refused) {
                refused.round();
                assertThat(refused.state()).isEqualTo(JanusQualityPoller.State.DOWN);
                assertThat(refused.problem()).contains("refused our admin secret");
            }
            assertThat(views).hasSize(2);
            get(gateway.leave(alice));
            get(gateway.closeRoom(spec.room()));
        } finally {
            gateway.close();
        }
    }

    @Test
    void aWrongSecretIsRefusedAndAPortWithoutJanusIsUnreachable() throws Exception {
        JanusAdminEndpoint right = janus.adminEndpoint();
        try (JanusAdminClient wrong =
                new JanusAdminClient(new JanusAdminEndpoint(right.url(), "not-the-admin-secret"), HTTP, WAIT)) {
            assertThatThrownBy(wrong::sessions)
                    .isInstanceOfSatisfying(
                            JanusErrorException.class, e -> assertThat(e.code()).isEqualTo(403));
        }
        int nobody;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort();
        }
        try (JanusAdminClient absent = new JanusAdminClient(
                new JanusAdminEndpoint(java.net.URI.create("ws://127.0.0.1:" + nobody + "/"), "x"), HTTP, WAIT)) {
            assertThatThrownBy(absent::sessions)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("janus admin api at ws://127.0.0.1:" + nobody);
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
