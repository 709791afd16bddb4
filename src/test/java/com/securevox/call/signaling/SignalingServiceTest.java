package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.TurnCredentials;
import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.Role;
import com.securevox.call.media.MediaPolicy;
import com.securevox.call.media.MediaRecording;
import com.securevox.call.media.MediaSetting;
import com.securevox.call.media.NoSfu;
import com.securevox.call.media.SfuCalls;
import com.securevox.call.ring.DevicePresence;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush;
import com.securevox.call.ring.Rings;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signaling over the real call registry and real tokens, with the transport recorded. */
class SignalingServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "signaling-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final List<Wire.IceServer> ICE = List.of(new Wire.IceServer(List.of("stun:stun.example:3478")));
    private static final byte[] TURN_SECRET = "signaling-test-turn-secret".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingConnections connections = new RecordingConnections();
    private final CallTokens tokens = new CallTokens(SECRET, Duration.ofHours(1), clock);
    private final AtomicBoolean draining = new AtomicBoolean();
    // TURN credentials live 2 h, longer than the 1 h tokens, so the token's expiry caps them.
    private final TurnCredentials turnCredentials = new TurnCredentials(TURN_SECRET, Duration.ofHours(2), clock);
    private final IceServers iceServers =
            new IceServers(ICE, Optional.of(new IceServers.Turn(List.of("turn:turn.example:3478"), turnCredentials)));
    private final CallRegistry calls = new CallRegistry(
            clock,
            new CallPolicy(2, Duration.ofSeconds(10), 1000),
            scheduler,
            new WireOutbox(connections, iceServers),
            fact -> {});
    private final CountingMetrics metrics = new CountingMetrics();
    /** Who was pushed, and which of their devices were left out as connected: "userId [deviceIds]". */
    private final List<String> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final RingPush pushes = new RingPush() {
        @Override
        public java.util.concurrent.CompletionStage<Integer> ring(
                PushRing ring, String userId, java.util.Set<String> liveDeviceIds) {
            pushed.add(userId + " " + new java.util.TreeSet<>(liveDeviceIds));
            return java.util.concurrent.CompletableFuture.completedFuture(0);
        }

        @Override
        public void stopped(PushRing ring, String userId, StopReason reason) {}
    };
    /** What register_device handed the registry; platform "down" stands for a registry that cannot be reached. */
    private final List<String> qualityReports = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<String> registrations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final DeviceRegistrar registrar = (userId, platform, token, appId, environment) -> {
        if (!List.of("fcm", "apns", "apns_voip", "down").contains(platform)) {
            throw new DeviceRegistrar.InvalidDevice("platform: '" + platform + "' (expected: fcm, apns or apns_voip)");
        }
        registrations.add(userId + " " + platform + " " + token + " " + appId + " " + environment);
        return platform.equals("down")
                ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("database down"))
                : java.util.concurrent.CompletableFuture.completedFuture("device-" + registrations.size());
    };
    /** Which calls this node serves: all of them, unless a test holds admissions back. */
    private CallHome home = CallHome.THIS_NODE;

    /** Where the invites of new calls take their leases: here, recorded. */
    private final List<String> ringAdmitted = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<String> ringUnrung = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CallHome ringHome = new CallHome() {
        @Override
        public java.util.concurrent.CompletionStage<Where> admit(String sessionId) {
            ringAdmitted.add(sessionId);
            return CallHome.HERE_NOW;
        }

        @Override
        public java.util.OptionalLong epoch(String sessionId) {
            return java.util.OptionalLong.empty();
        }

        @Override
        public void unrung(String sessionId) {
            ringUnrung.add(sessionId);
        }
    };

    private final SignalingService signaling = signaling(tokens::verifyAny);

    private SignalingService signaling(TokenVerifier verifier) {
        return signaling(verifier, Optional.empty());
    }

    private SignalingService signaling(TokenVerifier verifier, Optional<NodeLinks> links) {
        return new SignalingService(
                calls,
                verifier,
                connections,
                scheduler,
                clock,
                new SignalingPolicy(Duration.ofSeconds(10), 5, 10, iceServers),
                draining::get,
                new ClientEventDecoder(JSON),
                metrics,
                new SfuCalls(
                        new NoSfu(),
                        new WireMediaSignals(connections),
                        (sessionId, mode) -> {},
                        new MediaPolicy(MediaSetting.AUTO, 3, 2, 0),
                        MediaRecording.OFF,
                        scheduler,
                        clock,
                        Runnable::run),
                new RingEvents(
                        new Rings(
                                new DevicePresence(),
                                new WireRingOutbox(connections),
                                fact -> {},
                                pushes,
                                userIds -> java.util.Set.of(),
                                sessionId -> java.util.Set.of(),
                                scheduler,
                                clock,
                                Duration.ofSeconds(45),
                                Duration.ofSeconds(10),
                                Duration.ofHours(1),
                                com.securevox.call.ring.RingNodes.NONE),
                        tokens,
                        iceServers,
                        CallPermissions.EVERYONE,
                        registrar,
                        draining::get,
                        30,
                        clock,
                        ringHome,
                        com.securevox.call.ring.DeviceDirectory.NONE,
                        com.securevox.call.ring.BusyElsewhere.NONE,
                        com.securevox.call.ring.GlarePairs.NONE),
                (sessionId, userId, report) -> qualityReports.add(sessionId + "/" + userId),
                new CallHome() {
                    @Override
                    public java.util.concurrent.CompletionStage<Where> admit(String sessionId) {
                        return home.admit(sessionId);
                    }

                    @Override
                    public java.util.OptionalLong epoch(String sessionId) {
                        return home.epoch(sessionId);
                    }
                },
                links);
    }

    record Emitted(ConnectionId to, String event, Object payload) {}

    /** Counts by name, as {@code authFailed:INVALID_TOKEN} or {@code relayed:offer}. */
    static final class CountingMetrics implements SignalingMetrics {
        final Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void joined() {
            counts.merge("joined", 1, Integer::sum);
        }

        @Override
        public void relayed(String type) {
            counts.merge("relayed:" + type, 1, Integer::sum);
        }

        @Override
        public void authFailed(ErrorCode code) {
            counts.merge("authFailed:" + code, 1, Integer::sum);
        }

        @Override
        public void rateLimited() {
            counts.merge("rateLimited", 1, Integer::sum);
        }

        @Override
        public void handled(long nanos) {
            counts.merge("handled", 1, Integer::sum);
        }
    }

    static final class RecordingConnections implements Connections {
        final List<Emitted> emitted = new ArrayList<>();
        final List<ConnectionId> disconnected = new ArrayList<>();
        final List<ConnectionId> reconnected = new ArrayList<>();
        /** Sockets that went: the transport no longer knows them. */
        final Set<ConnectionId> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public synchronized void emit(ConnectionId to, String event, Object payload) {
            emitted.add(new Emitted(to, event, payload));
        }

        @Override
        public Optional<ClientInfo> client(ConnectionId connection) {
            return gone.contains(connection)
                    ? Optional.empty()
                    : Optional.of(new ClientInfo("websocket", "test-agent/1"));
        }

        @Override
        public synchronized void disconnect(ConnectionId connection) {
            disconnected.add(connection);
        }

        @Override
        public synchronized void reconnect(ConnectionId connection) {
            reconnected.add(connection);
        }

        synchronized List<Emitted> to(String connection, String event) {
            return emitted.stream()
                    .filter(e -> e.to().value().equals(connection) && e.event().equals(event))
                    .toList();
        }
    }

    static final class RecordingReply implements Reply {
        Object payload;

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object payload) {
            this.payload = payload;
        }

        Wire.Failure failure() {
            assertThat(payload).isInstanceOf(Wire.Failure.class);
            return (Wire.Failure) payload;
        }
    }

    private static ConnectionId c(String id) {
        return new ConnectionId(id);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private RecordingReply send(String connection, ClientEventType type, String payload) {
        RecordingReply reply = new RecordingReply();
        signaling.onEvent(c(connection), type, payload == null ? null : json(payload), reply);
        return reply;
    }

    private String token(String userId, String sessionId) {
        return tokens.mint(userId, sessionId, Role.PARTICIPANT).token();
    }

    /** Connects and authenticates through the handshake, as most clients do. */
    private void joined(String connection, String userId, String sessionId) {
        signaling.connected(c(connection), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(c(connection), "127.0.0.1", token(userId, sessionId)))
                .isEmpty();
        RecordingReply reply = send(connection, ClientEventType.JOIN_CALL, "{\"sessionId\":\"" + sessionId + "\"}");
        assertThat(reply.payload).isInstanceOf(Wire.JoinAck.class);
    }

    @Test
    void aJoinerGetsItsOwnTurnCredentialsCappedByItsTokenTheSameInAckAndCallJoined() {
        joined("a1", "alice", "call_1");
        clock.advance(Duration.ofMinutes(10));
        signaling.connected(c("b1"), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(c("b1"), "127.0.0.1", token("bob", "call_1")))
                .isEmpty();

        Wire.JoinAck ack = (Wire.JoinAck) send("b1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}").payload;
        Wire.CallJoined event =
                (Wire.CallJoined) connections.to("b1", "call_joined").getFirst().payload();
        Wire.CallJoined alices =
                (Wire.CallJoined) connections.to("a1", "call_joined").getFirst().payload();

        // bob's token was minted at 00:10 for 1 h: its expiry, not the 2 h credential lifetime, ends the credential.
        long bobExpiry = Instant.parse("2026-01-01T01:10:00Z").getEpochSecond();
        assertThat(event.iceServers()).isEqualTo(ack.iceServers());
        assertThat(event.iceServers().getFirst()).isEqualTo(ICE.getFirst());
        Wire.IceServer turn = event.iceServers().get(1);
        assertThat(turn.urls()).containsExactly("turn:turn.example:3478");
        assertThat(turn.username()).isEqualTo(bobExpiry + ":bob");
        assertThat(turn.credential()).isEqualTo(turnCredentials.password(bobExpiry + ":bob"));
        assertThat(alices.iceServers().get(1).username())
                .isEqualTo(Instant.parse("2026-01-01T01:00:00Z").getEpochSecond() + ":alice");
        assertThat(turnCredentials.mintedCount()).isEqualTo(2);
    }

    @Test
    void anInviteOfANewCallTakesItsLeaseFirstAndLetsItGoWhenItRangAnotherCall() {
        device("a1", "alice");
        device("b1", "bob");
        RingWire.InviteAck theirs = (RingWire.InviteAck)
                send("b1", ClientEventType.CALL_INVITE, "{\"to\":[\"alice\"],\"media\":\"audio\"}").payload;
        assertThat(ringAdmitted).containsExactly(theirs.sessionId());

        // Glare: alice rings bob while he rings her; her invite answers his ring, of his call.
        RingWire.InviteAck glare = (RingWire.InviteAck)
                send("a1", ClientEventType.CALL_INVITE, "{\"to\":[\"bob\"],\"media\":\"audio\"}").payload;

        assertThat(glare.sessionId()).isEqualTo(theirs.sessionId());
        assertThat(ringAdmitted).hasSize(2);
        assertThat(ringUnrung).containsExactly(ringAdmitted.get(1));
    }

    /** A device connection: authenticated through the handshake with a user token. */
    private void device(String connection, String userId) {
        signaling.connected(c(connection), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(
                        c(connection), "127.0.0.1", tokens.mintUser(userId).token()))
                .isEmpty();
        signaling.announceAuthenticated(c(connection));
    }

    @Test
    void aDeviceConnectionRegistersItsDeviceWhichIsThenLeftOutOfPushesWhileConnected() {
        device("a1", "alice");
        device("b1", "bob");

        assertThat(send("b1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"fcm\",\"token\":\"tok-1\"}").payload)
                .isEqualTo(new RingWire.DeviceAck(true, "device-1"));
        assertThat(registrations).containsExactly("bob fcm tok-1 Optional.empty Optional.empty");
        send("a1", ClientEventType.CALL_INVITE, "{\"to\":[\"bob\"],\"media\":\"audio\"}");

        assertThat(pushed).containsExactly("bob [device-1]");
    }

    @Test
    void registerDeviceRefusalsNameWhatIsWrongAndOnlyDeviceConnectionsMayRegister() {
        device("d1", "alice");
        joined("c1", "carol", "call_1");

        assertThat(send("d1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"sms\",\"token\":\"t\"}")
                        .failure()
                        .error())
                .isEqualTo(new Wire.ErrorBody("INVALID_PAYLOAD", "platform: 'sms' (expected: fcm, apns or apns_voip)"));
        assertThat(send("d1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"fcm\",\"token\":7}")
                        .failure()
                        .error())
                .isEqualTo(new Wire.ErrorBody("INVALID_PAYLOAD", "token: a number (expected: a string)"));
        assertThat(send("d1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"fcm\"}")
                        .failure()
                        .error())
                .isEqualTo(new Wire.ErrorBody("INVALID_PAYLOAD", "token: missing (expected: a string)"));
        assertThat(send("d1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"down\",\"token\":\"t\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("UNAVAILABLE");
        assertThat(send("c1", ClientEventType.REGISTER_DEVICE, "{\"platform\":\"fcm\",\"token\":\"t\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("FORBIDDEN");
        assertThat(registrations).containsExactly("alice down t Optional.empty Optional.empty");
    }

    @Test
    void aUserTokenMakesADeviceConnectionThatSaysSo() {
        device("d1", "alice");

        assertThat(connections.to("d1", "authenticated"))
                .extracting(Emitted::payload)
                .containsExactly(new Wire.Authenticated("alice", null, null, 1767229200L, "user"));
        assertThat(signaling.connectedUsers()).isEqualTo(1);
        // The same user's user token refreshes it; a call token, or someone else's user token, is refused.
        assertThat(send(
                                "d1",
                                ClientEventType.AUTHENTICATE,
                                "{\"token\":\"" + tokens.mintUser("alice").token() + "\"}")
                        .payload)
                .isEqualTo(new Wire.AuthenticatedAck(true, "alice", null, null, 1767229200L, "user"));
        assertThat(send("d1", ClientEventType.AUTHENTICATE, "{\"token\":\"" + token("alice", "call_1") + "\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void aDeviceJoinsTheCallItRangOrAcceptedWithoutACallTokenAndNoOther() {
        device("a1", "alice");
        device("b1", "bob");
        device("m1", "mallory");
        Object invited = send(
                        "a1",
                        ClientEventType.CALL_INVITE,
                        "{\"to\":[\"bob\"],\"sessionId\":\"call_9\",\"media\":\"audio\"}")
                .payload;
        assertThat(invited).isInstanceOf(RingWire.InviteAck.class);
        assertThat(connections.to("b1", "incoming_call")).hasSize(1);

        assertThat(send("b1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_9\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("FORBIDDEN");
        assertThat(send("b1", ClientEventType.CALL_ACCEPT, "{\"sessionId\":\"call_9\"}").payload)
                .isInstanceOf(RingWire.AcceptAck.class);
        Wire.JoinAck host = (Wire.JoinAck) send("a1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_9\"}").payload;
        Wire.JoinAck guest = (Wire.JoinAck) send("b1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_9\"}").payload;

        assertThat(host.self().role()).isEqualTo("host");
        assertThat(guest.self().role()).isEqualTo("participant");
        assertThat(send("m1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_9\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("FORBIDDEN");
        // A device connection in no call has no call to record.
        assertThat(send("m1", ClientEventType.START_RECORDING, null)
                        .failure()
                        .error()
                        .code())
                .isEqualTo("NOT_IN_CALL");
        signaling.disconnected(c("b1"));
        assertThat(signaling.connectedUsers()).isEqualTo(2);
    }

    @Test
    void aDrainingServerStartsNoNewRings() {
        device("a1", "alice");
        draining.set(true);

        RecordingReply reply = send("a1", ClientEventType.CALL_INVITE, "{\"to\":[\"bob\"],\"media\":\"audio\"}");

        assertThat(reply.failure().error().code()).isEqualTo("SERVER_DRAINING");
    }

    @Test
    void aSocketWithACallTokenCannotRing() {
        joined("c1", "alice", "call_1");

        RecordingReply reply = send("c1", ClientEventType.CALL_INVITE, "{\"to\":[\"bob\"],\"media\":\"audio\"}");

        assertThat(reply.failure().error().code()).isEqualTo("FORBIDDEN");
        assertThat(reply.failure().error().message()).contains("user token");
    }

    @Test
    void authenticateByEventRepliesAndAnnounces() {
        signaling.connected(c("c1"), "127.0.0.1");
        RecordingReply reply =
                send("c1", ClientEventType.AUTHENTICATE, "{\"token\":\"" + token("alice", "call_1") + "\"}");

        assertThat(reply.payload)
                .isEqualTo(new Wire.AuthenticatedAck(true, "alice", "call_1", "participant", 1767229200L, null));
        assertThat(connections.to("c1", "authenticated"))
                .extracting(Emitted::payload)
                .containsExactly(new Wire.Authenticated("alice", "call_1", "participant", 1767229200L, null));
        assertThat(signaling.connectedUsers()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"expired, TOKEN_EXPIRED", "garbage, INVALID_TOKEN"})
    void failedAuthenticateAnswersAuthErrorAndDisconnects(String kind, ErrorCode code) {
        String token = kind.equals("expired") ? token("alice", "call_1") : "not.a.jwt";
        clock.advance(Duration.ofHours(2));
        signaling.connected(c("c1"), "127.0.0.1");

        RecordingReply reply = send("c1", ClientEventType.AUTHENTICATE, "{\"token\":\"" + token + "\"}");

        assertThat(reply.failure().error().code()).isEqualTo(code.name());
        assertThat(connections.to("c1", "auth_error"))
                .extracting(e -> ((Wire.AuthError) e.payload()).code())
                .containsExactly(code.name());
        assertThat(connections.disconnected).containsExactly(c("c1"));
        assertThat(connections.to("c1", "call_error")).isEmpty();
        assertThat(metrics.counts).containsEntry("authFailed:" + code, 1).containsEntry("handled", 1);
    }

    @Test
    void handshakeRefusalNamesTheCodeAndSuccessIsAnnouncedLater() {
        signaling.connected(c("c1"), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(c("c1"), "127.0.0.1", "x.y.z"))
                .map(SignalingException::code)
                .contains(ErrorCode.INVALID_TOKEN);

        assertThat(signaling.authenticateHandshake(c("c1"), "127.0.0.1", token("bob", "call_1")))
                .isEmpty();
        assertThat(connections.to("c1", "authenticated")).isEmpty();
        signaling.announceAuthenticated(c("c1"));
        assertThat(connections.to("c1", "authenticated")).hasSize(1);
    }

    @Test
    void eventsBeforeAuthenticationAreUnauthenticatedEvenWhenMalformed() {
        signaling.connected(c("c1"), "127.0.0.1");
        signaling.onEvent(c("c1"), ClientEventType.JOIN_CALL, json("[]"), Reply.NONE);

        assertThat(connections.to("c1", "call_error"))
                .extracting(Emitted::payload)
                .singleElement()
                .isEqualTo(
                        new Wire.CallError(
                                "join_call",
                                "UNAUTHENTICATED",
                                "join_call: not authenticated (expected: connect with auth {token} or emit authenticate first)"));
    }

    @Test
    void authDeadlineClosesUnauthenticatedSocketsOnly() {
        signaling.connected(c("slow"), "127.0.0.1");
        joined("quick", "alice", "call_1");

        scheduler.firePending();

        assertThat(connections.to("slow", "auth_error")).hasSize(1);
        assertThat(connections.disconnected).containsExactly(c("slow"));
    }

    @Test
    void handshakeVerifiedBeforeTheConnectionIsReportedLeavesNoDeadlinePending() {
        // netty-socketio calls the auth-token listener before the connect listener.
        assertThat(signaling.authenticateHandshake(c("c1"), "127.0.0.1", token("alice", "call_1")))
                .isEmpty();
        signaling.connected(c("c1"), "127.0.0.1");

        assertThat(scheduler.tasks()).allMatch(ManualScheduler.Task::cancelled);
        assertThat(scheduler.firePending()).isZero();
        assertThat(connections.disconnected).isEmpty();
    }

    @Test
    void joiningAnotherCallThanTheTokensIsForbidden() {
        signaling.connected(c("c1"), "127.0.0.1");
        signaling.authenticateHandshake(c("c1"), "127.0.0.1", token("alice", "call_1"));

        RecordingReply reply = send("c1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_2\"}");

        assertThat(reply.failure().error())
                .isEqualTo(new Wire.ErrorBody(
                        "FORBIDDEN", "sessionId: 'call_2' (expected: 'call_1', the call your token admits you to)"));
    }

    @Test
    void drainingRefusesNewParticipantsButLetsCallsInProgressGoOn() {
        joined("a1", "alice", "call_1");
        draining.set(true);

        signaling.connected(c("b1"), "127.0.0.1");
        signaling.authenticateHandshake(c("b1"), "127.0.0.1", token("bob", "call_1"));
        assertThat(send("b1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("SERVER_DRAINING");

        // Alice's socket drops and she comes back: that is the call in progress, not new work.
        signaling.disconnected(c("a1"));
        signaling.connected(c("a2"), "127.0.0.1");
        signaling.authenticateHandshake(c("a2"), "127.0.0.1", token("alice", "call_1"));
        assertThat(send("a2", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}").payload)
                .isInstanceOf(Wire.JoinAck.class);
    }

    @Test
    void rateLimitAllowsTheBurstThenRefillsWithTime() {
        signaling.connected(c("c1"), "127.0.0.1");
        signaling.authenticateHandshake(c("c1"), "127.0.0.1", token("alice", "call_1"));
        for (int i = 0; i < 10; i++) {
            assertThat(send("c1", ClientEventType.MUTE_AUDIO, "{\"muted\":true}")
                            .failure()
                            .error()
                            .code())
                    .as("event %d", i)
                    .isEqualTo("NOT_IN_CALL");
        }
        assertThat(send("c1", ClientEventType.MUTE_AUDIO, "{\"muted\":true}")
                        .failure()
                        .error())
                .isEqualTo(new Wire.ErrorBody("RATE_LIMITED", "more than 5 events per second (burst 10)"));

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertThat(send("c1", ClientEventType.MUTE_AUDIO, "{\"muted\":true}")
                            .failure()
                            .error()
                            .code())
                    .isEqualTo("NOT_IN_CALL");
        }
        assertThat(send("c1", ClientEventType.MUTE_AUDIO, "{\"muted\":true}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("RATE_LIMITED");
        assertThat(metrics.counts).containsEntry("rateLimited", 2).containsEntry("handled", 17);
    }

    private void joinedAs(String connection, String userId, Role role) {
        signaling.connected(c(connection), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(
                        c(connection),
                        "127.0.0.1",
                        tokens.mint(userId, "call_1", role).token()))
                .isEmpty();
        assertThat(send(connection, ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}").payload)
                .isInstanceOf(Wire.JoinAck.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "MUTE_PARTICIPANT :: {\"userId\":\"bob\",\"kind\":\"audio\"} :: mute_participant",
                "REMOVE_PARTICIPANT :: {\"userId\":\"bob\"} :: remove_participant",
                "END_CALL :: {} :: end_call",
            })
    void hostControlsAreForbiddenToParticipants(ClientEventType type, String payload, String name) {
        joinedAs("a1", "alice", Role.PARTICIPANT);
        joinedAs("b1", "bob", Role.PARTICIPANT);
        connections.emitted.clear();

        assertThat(send("a1", type, payload).failure().error())
                .isEqualTo(new Wire.ErrorBody("FORBIDDEN", name + ": role participant (expected: host)"));
        assertThat(connections.emitted).isEmpty();
        assertThat(calls.isParticipant("call_1", "bob")).isTrue();
    }

    @Test
    void aRemovedParticipantCannotRejoinWithItsTokenButWithALaterOne() {
        joinedAs("h1", "host", Role.HOST);
        joinedAs("b1", "bob", Role.PARTICIPANT);

        assertThat(send("h1", ClientEventType.REMOVE_PARTICIPANT, "{\"userId\":\"bob\"}").payload)
                .isEqualTo(Wire.Ok.OK);

        assertThat(connections.to("b1", "removed"))
                .singleElement()
                .extracting(Emitted::payload)
                .isEqualTo(new Wire.Removed("call_1", "host"));
        assertThat(connections.to("h1", "participant_left"))
                .singleElement()
                .extracting(Emitted::payload)
                .isEqualTo(new Wire.ParticipantLeft("call_1", "bob", "kicked"));
        assertThat(connections.disconnected).isEmpty();
        Wire.ErrorBody refused = send("b1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}")
                .failure()
                .error();
        assertThat(refused.code()).isEqualTo("REMOVED");
        assertThat(refused.message()).contains("'bob'").contains("issued after the removal");

        clock.advance(Duration.ofSeconds(1));
        joinedAs("b2", "bob", Role.PARTICIPANT);
        assertThat(calls.isParticipant("call_1", "bob")).isTrue();
    }

    @Test
    void inCallMessagesHaveABudgetOfTheirOwn() {
        joinedAs("a1", "alice", Role.PARTICIPANT);
        joinedAs("b1", "bob", Role.PARTICIPANT);
        for (int i = 0; i < 10; i++) {
            assertThat(send("a1", ClientEventType.DATA, "{\"payload\":" + i + "}").payload)
                    .as("message %d", i)
                    .isEqualTo(Wire.Ok.OK);
        }
        assertThat(send("a1", ClientEventType.DATA, "{\"payload\":10}")
                        .failure()
                        .error())
                .isEqualTo(new Wire.ErrorBody("RATE_LIMITED", "data: more than 5 messages per second (burst 10)"));
        // The signalling that keeps the media up still has its whole budget.
        assertThat(send("a1", ClientEventType.ICE_CANDIDATE, "{\"to\":\"bob\",\"candidate\":null}").payload)
                .isEqualTo(Wire.Ok.OK);

        List<Emitted> received = connections.to("b1", "data");
        assertThat(received).hasSize(10);
        assertThat(received.getFirst().payload()).isInstanceOfSatisfying(Wire.Data.class, data -> {
            assertThat(data.from()).isEqualTo("alice");
            assertThat(data.payload().json()).isEqualTo("0");
        });
        assertThat(metrics.counts).containsEntry("relayed:data", 10).containsEntry("rateLimited", 1);
    }

    private static final String REPORT = "{\"connections\":[{\"peer\":\"bob\",\"rttMs\":80,\"tracks\":["
            + "{\"kind\":\"audio\",\"direction\":\"inbound\",\"jitterMs\":5,\"lossRatio\":0.01}]}]}";

    @Test
    void qualityReportsAreTakenFromSocketsInACallOnlyAndCapped() {
        signaling.connected(c("c1"), "127.0.0.1");
        signaling.authenticateHandshake(c("c1"), "127.0.0.1", token("alice", "call_1"));
        assertThat(send("c1", ClientEventType.QUALITY_REPORT, REPORT)
                        .failure()
                        .error()
                        .code())
                .isEqualTo("NOT_IN_CALL");
        assertThat(qualityReports).isEmpty();

        joinedAs("a1", "alice", Role.PARTICIPANT);
        for (int i = 0; i < QualityIntake.BURST; i++) {
            assertThat(send("a1", ClientEventType.QUALITY_REPORT, REPORT).payload)
                    .as("report %d", i)
                    .isEqualTo(Wire.Ok.OK);
        }
        Wire.ErrorBody refused =
                send("a1", ClientEventType.QUALITY_REPORT, REPORT).failure().error();
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.message()).startsWith("quality_report: more than 3 at once");
        assertThat(qualityReports).containsExactly("call_1/alice", "call_1/alice", "call_1/alice");

        clock.advance(QualityIntake.REFILL);
        assertThat(send("a1", ClientEventType.QUALITY_REPORT, REPORT).payload).isEqualTo(Wire.Ok.OK);
        // The cap is the reports' own: the events that keep the media up are not refused.
        assertThat(send("a1", ClientEventType.MUTE_AUDIO, "{\"muted\":true}").payload)
                .isInstanceOf(Wire.ParticipantAck.class);

        Wire.ErrorBody malformed = send("a1", ClientEventType.QUALITY_REPORT, "{\"connections\":[]}")
                .failure()
                .error();
        assertThat(malformed.code()).isEqualTo("INVALID_PAYLOAD");
        assertThat(malformed.message()).startsWith("connections: 0 entries");
    }

    @Test
    void domainRefusalsKeepTheirCodes() {
        joined("a1", "alice", "call_1");
        joined("b1", "bob", "call_1");

        assertThat(send("a1", ClientEventType.OFFER, "{\"to\":\"carol\",\"sdp\":\"v=0\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("PARTICIPANT_NOT_FOUND");
        assertThat(send("a1", ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo("ALREADY_IN_CALL");

        joinedFails("c1", "carol", "CALL_FULL");
    }

    private void joinedFails(String connection, String userId, String code) {
        signaling.connected(c(connection), "127.0.0.1");
        signaling.authenticateHandshake(c(connection), "127.0.0.1", token(userId, "call_1"));
        assertThat(send(connection, ClientEventType.JOIN_CALL, "{\"sessionId\":\"call_1\"}")
                        .failure()
                        .error()
                        .code())
                .isEqualTo(code);
    }

    /** A node that is not yet known to serve the call: admissions complete when the test says. */
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<CallHome.Where>> admissions =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void admissionsHeldBack() {
        home = new CallHome() {
            @Override
            public java.util.concurrent.CompletionStage<Where> admit(String sessionId) {
                return admissions.computeIfAbsent(sessionId, id -> new java.util.concurrent.CompletableFuture<>());
            }

            @Override
            public java.util.OptionalLong epoch(String sessionId) {
                return java.util.OptionalLong.empty();
            }
        };
    }

    private RecordingReply connectedToJoin(String connection, String userId, String sessionId) {
        signaling.connected(c(connection), "127.0.0.1");
        assertThat(signaling.authenticateHandshake(c(connection), "127.0.0.1", token(userId, sessionId)))
                .isEmpty();
        return send(connection, ClientEventType.JOIN_CALL, "{\"sessionId\":\"" + sessionId + "\"}");
    }

    @Test
    void aJoinWaitsForTheCallToBeAdmittedHereAndIsAcknowledgedThen() {
        admissionsHeldBack();
        RecordingReply reply = connectedToJoin("a1", "alice", "call_1");
        assertThat(reply.payload).isNull();
        assertThat(calls.isParticipant("call_1", "alice")).isFalse();

        admissions.get("call_1").complete(CallHome.Where.Here.HERE);

        assertThat(reply.payload).isInstanceOf(Wire.JoinAck.class);
        assertThat(calls.isParticipant("call_1", "alice")).isTrue();
        assertThat(metrics.counts.get("joined")).isEqualTo(1);
    }

    @Test
    void aCallThisNodeCannotServeRefusesTheJoinWithTheAdmissionsReason() {
        admissionsHeldBack();
        RecordingReply reply = connectedToJoin("a1", "alice", "call_1");

        admissions
                .get("call_1")
                .completeExceptionally(
                        new SignalingException(ErrorCode.UNAVAILABLE, "call 'call_1': served by node 'node-b'"));

        assertThat(reply.failure().error().code()).isEqualTo("UNAVAILABLE");
        assertThat(reply.failure().error().message()).contains("node-b");
        assertThat(calls.isParticipant("call_1", "alice")).isFalse();
    }

    @Test
    void aRefusalOfTheCallAfterTheAdmissionKeepsItsCode() {
        joined("a1", "alice", "call_1");
        joined("b1", "bob", "call_1");
        admissionsHeldBack();
        RecordingReply reply = connectedToJoin("c1", "carol", "call_1");

        admissions.get("call_1").complete(CallHome.Where.Here.HERE);

        assertThat(reply.failure().error().code()).isEqualTo("CALL_FULL");
    }

    @Test
    void aSocketThatClosesWhileItsCallIsAdmittedIsNotLeftInTheCall() {
        joined("b1", "bob", "call_1");
        admissionsHeldBack();
        RecordingReply reply = connectedToJoin("a1", "alice", "call_1");
        signaling.disconnected(c("a1"));

        admissions.get("call_1").complete(CallHome.Where.Here.HERE);

        assertThat(reply.failure().error().code()).isEqualTo("NOT_IN_CALL");
        assertThat(calls.isParticipant("call_1", "alice")).isFalse();
        assertThat(connections.to("b1", "participant_joined")).isEmpty();
    }

    @Test
    void relaysCarryTheSenderAndCall() {
        joined("a1", "alice", "call_1");
        joined("b1", "bob", "call_1");

        assertThat(send("a1", ClientEventType.OFFER, "{\"to\":\"bob\",\"sdp\":\"v=0\"}").payload)
                .isEqualTo(Wire.Ok.OK);
        assertThat(send("b1", ClientEventType.ICE_CANDIDATE, "{\"to\":\"alice\",\"candidate\":null}").payload)
                .isEqualTo(Wire.Ok.OK);

        assertThat(connections.to("b1", "offer"))
                .extracting(Emitted::payload)
                .containsExactly(new Wire.SdpRelay("call_1", "alice", new SdpSignal.Description("offer", "v=0"), null));
        assertThat(connections.to("a1", "ice_candidate"))
                .extracting(Emitted::payload)
                .containsExactly(new Wire.IceRelay("call_1", "bob", null));
        assertThat(metrics.counts)
                .containsEntry("joined", 2)
                .containsEntry("relayed:offer", 1)
                .containsEntry("relayed:ice_candidate", 1);
    }

    @Test
    void streamsMarkersAreRelayedAndOnlyWrittenWhenSent() throws Exception {
        joined("a1", "alice", "call_1");
        joined("b1", "bob", "call_1");

        send("a1", ClientEventType.OFFER, "{\"to\":\"bob\",\"sdp\":\"v=0\",\"streams\":{\"s1\":\"screen\"}}");
        send("a1", ClientEventType.OFFER, "{\"to\":\"bob\",\"sdp\":\"v=0\"}");

        List<Object> relayed =
                connections.to("b1", "offer").stream().map(Emitted::payload).toList();
        assertThat(relayed)
                .containsExactly(
                        new Wire.SdpRelay(
                                "call_1", "alice", new SdpSignal.Description("offer", "v=0"), Map.of("s1", "screen")),
                        new Wire.SdpRelay("call_1", "alice", new SdpSignal.Description("offer", "v=0"), null));
        // The transport writes nulls (the contract has metadata: null), so the absent marker must not become one.
        ObjectMapper contract = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
        assertThat(contract.writeValueAsString(relayed.get(0))).contains("\"streams\":{\"s1\":\"screen\"}");
        assertThat(contract.writeValueAsString(relayed.get(1))).doesNotContain("streams");
    }

    @Test
    void unexpectedFailuresBecomeInternalWithAReference() {
        SignalingService broken = signaling(token -> {
            throw new IllegalStateException("boom");
        });
        broken.connected(c("c1"), "127.0.0.1");
        RecordingReply reply = new RecordingReply();

        broken.onEvent(c("c1"), ClientEventType.AUTHENTICATE, json("{\"token\":\"t\"}"), reply);

        assertThat(reply.failure().error().code()).isEqualTo("INTERNAL");
        assertThat(reply.failure().error().message()).matches("internal error \\(ref [0-9a-f]{8}\\)");
    }

    @Test
    void aDroppedSocketLeavesItsParticipantInGrace() {
        joined("a1", "alice", "call_1");
        joined("b1", "bob", "call_1");

        signaling.disconnected(c("a1"));

        assertThat(calls.isParticipant("call_1", "alice")).isTrue();
        assertThat(signaling.connectionCount()).isEqualTo(1);
        assertThat(connections.to("b1", "participant_left")).isEmpty();
    }

    @Test
    void aSocketAnotherNodeProxiesRunsHereUnderTheEpochThisNodeOwnsItsCallWith() throws Exception {
        home = new CallHome() {
            @Override
            public java.util.concurrent.CompletionStage<Where> admit(String sessionId) {
                return HERE_NOW;
            }

            @Override
            public java.util.OptionalLong epoch(String sessionId) {
                return sessionId.equals("call_1") ? java.util.OptionalLong.of(5) : java.util.OptionalLong.empty();
            }
        };
        var network = new com.securevox.call.cluster.LocalNodeBus.Network();
        try (var ownerBus = new com.securevox.call.cluster.LocalNodeBus(
                        network, "owner", 100, com.securevox.call.call.NodeBusMetrics.NONE);
                var edgeBus = new com.securevox.call.cluster.LocalNodeBus(
                        network, "edge", 100, com.securevox.call.call.NodeBusMetrics.NONE)) {
            var atEdge = new java.util.concurrent.LinkedBlockingQueue<NodeMessage>();
            edgeBus.subscribe((envelope, missed) -> atEdge.add(envelope.message()));
            RoutedConnections routed = new RoutedConnections(connections, ownerBus);
            SignalingService owner = signaling(
                    tokens::verifyAny, Optional.of(new NodeLinks(ownerBus, routed, () -> java.util.Set.of())));
            owner.linkNodes();
            ConnectionId bob = c("edge-bob");
            ClientInfo client = new ClientInfo("polling", "edge-agent/1");
            java.util.function.LongFunction<NodeMessage.Open> open = epoch -> new NodeMessage.Open(
                    "call_1",
                    epoch,
                    bob,
                    "bob",
                    Role.PARTICIPANT,
                    Instant.EPOCH,
                    Instant.parse("2026-01-01T01:00:00Z"),
                    "192.0.2.9",
                    client);
            java.util.concurrent.Callable<NodeMessage> next = () -> {
                NodeMessage message = atEdge.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(message).as("a message at the edge").isNotNull();
                return message;
            };

            // An epoch this node does not own the call with: the socket is to reconnect, and nothing opens here.
            edgeBus.send("owner", open.apply(4));
            assertThat(next.call()).isEqualTo(new NodeMessage.Kick("call_1", 4, bob, NodeMessage.KickReason.MOVED));

            edgeBus.send("owner", open.apply(5));
            edgeBus.send(
                    "owner",
                    new NodeMessage.Forward(
                            "call_1", 5, bob, new NodeMessage.Payload("join_call", "{\"sessionId\":\"call_1\"}"), 9));
            NodeMessage.Reply ack = (NodeMessage.Reply) next.call();
            assertThat(ack.requestId()).isEqualTo(9);
            assertThat(ack.epoch()).isEqualTo(5);
            assertThat(json(ack.data()).get("ok").asBoolean()).isTrue();
            assertThat(calls.isParticipant("call_1", "bob")).isTrue();
            assertThat(owner.connectionCount()).as("counted on its own node").isZero();

            // Under another epoch the socket is dropped into its reconnect grace and told to reconnect.
            edgeBus.send(
                    "owner",
                    new NodeMessage.Forward(
                            "call_1", 4, bob, new NodeMessage.Payload("mute_audio", "{\"muted\":true}"), 10));
            assertThat(next.call()).isEqualTo(new NodeMessage.Kick("call_1", 4, bob, NodeMessage.KickReason.MOVED));
            assertThat(routed.isRemote(bob)).isFalse();
            assertThat(calls.isParticipant("call_1", "bob"))
                    .as("in reconnect grace")
                    .isTrue();
            owner.unlinkNodes();
        }
    }
}
