package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.testing.RecordingApnsListener;
import com.securevox.call.testing.TestPki;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rings iOS devices through Pushy against Pushy's {@link MockApnsServer} over TLS (an openssl-made localhost
 * certificate), which checks the provider token with the test's EC P-256 key and each device token against its topic.
 * The mock does not enforce the VoIP rules, so the headers are asserted here.
 */
class ApnsPushTest {
    static final String KEY_ID = "KEY1234567";
    static final String TEAM_ID = "TEAM123456";
    static final String BUNDLE = "com.example.app";
    static final String VOIP = "a1".repeat(32);
    static final String PLAIN = "b2".repeat(32);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingApnsListener listener = new RecordingApnsListener();
    private final List<ApnsPushNotification> accepted = listener.accepted;
    private final List<String> rejected = listener.rejected;
    private final List<Instant> unavailableTries = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> tokensByTopic = new ConcurrentHashMap<>();
    private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();

    private HistoryStore store;
    private DeviceRegistry registry;
    private MockApnsServer server;
    private EventLoopGroup serverLoop;
    private PushRinger ringer;
    private KeyPair signing;
    private TestPki pki;

    @BeforeEach
    void open() throws Exception {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        registry = store.devices(clock);
        pki = TestPki.create(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        signing = generator.generateKeyPair();
        tokensByTopic.put(BUNDLE + ".voip", ConcurrentHashMap.newKeySet());
        tokensByTopic.put(BUNDLE, ConcurrentHashMap.newKeySet());
    }

    /** Starts the mock APNs and the ringer, after the test has registered its devices. */
    private void start() throws Exception {
        TestPki.Leaf leaf = pki.leaf("apns", 2);
        ApnsVerificationKey verification = new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) signing.getPublic());
        ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(
                tokensByTopic,
                unregistered,
                Map.of(KEY_ID, verification),
                Map.of(verification, Set.of(BUNDLE, BUNDLE + ".voip")));
        // The test's own loop, stopped without Netty's default 2 s quiet period the mock's own would wait out.
        serverLoop = new NioEventLoopGroup(1);
        server = new MockApnsServerBuilder()
                .setEventLoopGroup(serverLoop)
                .setServerCredentials(leaf.chain().toFile(), leaf.key().toFile(), null)
                .setHandlerFactory(session -> {
                    PushNotificationHandler real = validating.buildHandler(session);
                    return (headers, payload) -> {
                        String path = headers.path().toString();
                        if (unavailable.stream().anyMatch(path::endsWith)) {
                            unavailableTries.add(Instant.now());
                            throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
                        }
                        real.handlePushNotification(headers, payload);
                    };
                })
                .setListener(listener)
                .build();
        int port = server.start(0).get(10, TimeUnit.SECONDS);
        Path p8 = dir.resolve("AuthKey_" + KEY_ID + ".p8");
        Files.writeString(
                p8,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(((ECPrivateKey) signing.getPrivate()).getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        ApnsPush apns = ApnsPush.create(
                new ApnsSettings(
                        p8,
                        KEY_ID,
                        TEAM_ID,
                        BUNDLE,
                        Optional.of(new ApnsSettings.Server("localhost", port)),
                        Optional.of(pki.caCertificate())),
                clock);
        ringer = new PushRinger(
                registry,
                List.of(apns),
                metrics,
                clock,
                new Retries(Duration.ofMillis(100), Duration.ofMillis(400)),
                Executors.newVirtualThreadPerTaskExecutor(),
                "apns");
    }

    @AfterEach
    void close() throws Exception {
        if (ringer != null) {
            ringer.close();
        }
        if (server != null) {
            server.shutdown().get(10, TimeUnit.SECONDS);
        }
        if (serverLoop != null) {
            serverLoop.shutdownGracefully(0, 10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
        store.close();
    }

    private Device register(String platform, String token) {
        if (platform.equals("apns_voip")) {
            tokensByTopic.get(BUNDLE + ".voip").add(token);
        } else if (platform.equals("apns")) {
            tokensByTopic.get(BUNDLE).add(token);
        }
        return registry.register(DeviceRegistration.of("alice", platform, token, BUNDLE, "sandbox"));
    }

    private static PushRing ring(Instant expiresAt) {
        return new PushRing(
                java.util.UUID.randomUUID(),
                "call_1",
                "bob",
                "{\"name\":\"Bob Builder\"}",
                PushRing.Media.AUDIO,
                List.of("alice"),
                expiresAt);
    }

    private static int await(java.util.concurrent.CompletionStage<Integer> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRingIsOneVoipPushWithTheVoipTopicPriorityTenAndTheRingsEndAsExpiration() throws Exception {
        register("apns_voip", VOIP);
        register("apns", PLAIN);
        start();
        PushRing ring = ring(clock.instant().plusSeconds(45));

        assertThat(await(ringer.ring(ring, "alice", Set.of()))).isEqualTo(1);
        assertThat(await(ringer.ring(ring, "alice", Set.of()))).isZero(); // once per ring per device

        assertThat(rejected).isEmpty();
        assertThat(accepted).hasSize(1);
        ApnsPushNotification push = accepted.getFirst();
        assertThat(push.getToken()).isEqualTo(VOIP);
        assertThat(push.getPushType()).isEqualTo(PushType.VOIP);
        assertThat(push.getTopic()).isEqualTo(BUNDLE + ".voip");
        assertThat(push.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
        assertThat(push.getExpiration().getEpochSecond())
                .isEqualTo(ring.expiresAt().getEpochSecond());
        JsonNode payload = new ObjectMapper().readTree(push.getPayload());
        assertThat(payload.path("aps").isObject()).isTrue();
        assertThat(payload.path("id").asText()).isEqualTo(ring.ringId().toString());
        assertThat(payload.path("type").asText()).isEqualTo("incoming_call");
        assertThat(payload.path("nameCaller").asText()).isEqualTo("Bob Builder");
        assertThat(payload.path("handle").asText()).isEqualTo("bob");
        assertThat(payload.path("isVideo").asBoolean(true)).isFalse();
        assertThat(payload.path("expiresAt").asLong())
                .isEqualTo(ring.expiresAt().toEpochMilli());
        assertThat(push.getPayload()).doesNotContain(VOIP).doesNotContain(PLAIN);
        assertThat(metrics.lines).containsExactly("apns accepted ok");
    }

    @Test
    void aStopGoesToTheOrdinaryTokenAsAnAlertOrABackgroundPushAndNeverAsVoip() throws Exception {
        register("apns_voip", VOIP);
        register("apns", PLAIN);
        start();
        PushRing missed = ring(clock.instant().plusSeconds(45));
        PushRing answered = ring(clock.instant().plusSeconds(45));

        assertThat(await(ringer.ring(missed, "alice", Set.of()))).isEqualTo(1);
        assertThat(await(ringer.ring(answered, "alice", Set.of()))).isEqualTo(1);
        ringer.stopped(missed, "alice", StopReason.MISSED);
        ringer.stopped(answered, "alice", StopReason.ANSWERED_ELSEWHERE);
        FcmPushTest.awaitTrue(() -> accepted.size() == 4);

        assertThat(accepted.stream().filter(p -> p.getToken().equals(VOIP))).hasSize(2);
        ApnsPushNotification alert = accepted.stream()
                .filter(p -> p.getToken().equals(PLAIN) && p.getPushType() == PushType.ALERT)
                .findFirst()
                .orElseThrow();
        assertThat(alert.getTopic()).isEqualTo(BUNDLE);
        assertThat(alert.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
        assertThat(alert.getCollapseId()).isEqualTo(missed.ringId().toString());
        JsonNode payload = new ObjectMapper().readTree(alert.getPayload());
        assertThat(payload.at("/aps/alert/title").asText()).isEqualTo("Missed call");
        assertThat(payload.at("/aps/content-available").asInt()).isEqualTo(1);
        assertThat(payload.path("type").asText()).isEqualTo("call_ended");
        assertThat(payload.path("reason").asText()).isEqualTo("missed");

        ApnsPushNotification silent = accepted.stream()
                .filter(p -> p.getToken().equals(PLAIN) && p.getPushType() == PushType.BACKGROUND)
                .findFirst()
                .orElseThrow();
        assertThat(silent.getPriority()).isEqualTo(DeliveryPriority.CONSERVE_POWER);
        assertThat(silent.getTopic()).isEqualTo(BUNDLE);
        JsonNode quiet = new ObjectMapper().readTree(silent.getPayload());
        assertThat(quiet.at("/aps/alert").isMissingNode()).isTrue();
        assertThat(quiet.path("reason").asText()).isEqualTo("answered_elsewhere");
    }

    @Test
    void aBadDeviceTokenOrATokenOfAnotherTopicRemovesTheDevice() throws Exception {
        String notHex64 = "c3".repeat(33); // a token APNs calls malformed
        registry.register(DeviceRegistration.of("alice", "apns_voip", notHex64, BUNDLE, "sandbox"));
        registry.register(DeviceRegistration.of("alice", "apns_voip", "d4".repeat(32), "com.example.other", "sandbox"));
        Device good = register("apns_voip", VOIP);
        start();

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(45)), "alice", Set.of())))
                .isEqualTo(1);

        assertThat(registry.devices("alice")).containsExactly(good);
        assertThat(metrics.lines)
                .contains(
                        "apns gone BadDeviceToken",
                        "removed apns BadDeviceToken",
                        "apns gone DeviceTokenNotForTopic",
                        "removed apns DeviceTokenNotForTopic");
    }

    @Test
    void anUnregisteredTokenIsRemovedUnlessRegisteredAgainAfterItsTimestamp() throws Exception {
        Device stale = register("apns_voip", VOIP);
        Device fresh = register("apns_voip", "e5".repeat(32));
        unregistered.put(VOIP, stale.registeredAt().plusSeconds(1));
        unregistered.put("e5".repeat(32), fresh.registeredAt().minus(Duration.ofHours(1)));
        start();

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(45)), "alice", Set.of())))
                .isZero();

        assertThat(registry.devices("alice")).containsExactly(fresh);
        assertThat(metrics.lines)
                .containsExactlyInAnyOrder(
                        "apns gone Unregistered", "apns gone Unregistered", "removed apns Unregistered");
    }

    @Test
    void serviceUnavailableIsRetriedUntilTheRingEndsAndNoLater() throws Exception {
        register("apns_voip", VOIP);
        unavailable.add(VOIP);
        start();
        // Room for three tries (after 100 ms, then 200 ms) even when a loaded machine makes each one slow.
        Instant expiresAt = clock.instant().plusMillis(4000);

        assertThat(await(ringer.ring(ring(expiresAt), "alice", Set.of()))).isZero();
        int tries = unavailableTries.size();
        Thread.sleep(600);

        assertThat(tries).isGreaterThanOrEqualTo(3);
        // No retry leaves the phone less than a second of ring (RING_LEFT_FOR_A_RETRY, less the time a send takes
        // on a loaded machine).
        assertThat(unavailableTries).hasSize(tries).allSatisfy(at -> assertThat(at)
                .isBefore(expiresAt.minusMillis(500)));
        assertThat(metrics.lines).allMatch(line -> line.equals("apns retry ServiceUnavailable"));
        assertThat(registry.devices("alice")).hasSize(1);
    }
}
