package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RecordingApnsListener;
import com.securevox.call.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ringing an iPhone, black box: the packaged server with APNs configured (a {@code .p8} key, its ids, the bundle id)
 * against Pushy's mock APNs over TLS, which checks the provider token's signature and the device tokens per topic.
 * A sleeping iPhone gets exactly one VoIP push for a ring (topic {@code <bundle>.voip}, priority 10, expiring with the
 * ring); a cancel reaches its ordinary token as a non-VoIP push, never as a second VoIP push.
 */
class ApnsRingingIT {
    private static final String KEY_ID = "KEY1234567";
    private static final String TEAM_ID = "TEAM123456";
    private static final String BUNDLE = "com.example.app";
    private static final Duration PUSHED = Duration.ofSeconds(10);

    static Path dir;
    static MockApnsServer apns;
    static ServerProcess server;
    static final Map<String, Set<String>> TOKENS_BY_TOPIC = new ConcurrentHashMap<>();
    static final RecordingApnsListener LISTENER = new RecordingApnsListener();
    static final List<ApnsPushNotification> ACCEPTED = LISTENER.accepted;
    static final List<String> REJECTED = LISTENER.rejected;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("securevox-apns-it-");
        TestPki pki = TestPki.create(dir);
        TestPki.Leaf leaf = pki.leaf("apns", 2);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair signing = generator.generateKeyPair();
        ApnsVerificationKey verification = new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) signing.getPublic());
        TOKENS_BY_TOPIC.put(BUNDLE + ".voip", ConcurrentHashMap.newKeySet());
        TOKENS_BY_TOPIC.put(BUNDLE, ConcurrentHashMap.newKeySet());
        apns = new MockApnsServerBuilder()
                .setServerCredentials(leaf.chain().toFile(), leaf.key().toFile(), null)
                .setHandlerFactory(new ValidatingPushNotificationHandlerFactory(
                        TOKENS_BY_TOPIC,
                        Map.of(),
                        Map.of(KEY_ID, verification),
                        Map.of(verification, Set.of(BUNDLE, BUNDLE + ".voip"))))
                .setListener(LISTENER)
                .build();
        int port = apns.start(0).get(10, TimeUnit.SECONDS);
        Path p8 = dir.resolve("AuthKey_" + KEY_ID + ".p8");
        Files.writeString(
                p8,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(signing.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_APNS_KEY",
                p8.toString(),
                "SECUREVOX_CALL_APNS_KEY_ID",
                KEY_ID,
                "SECUREVOX_CALL_APNS_TEAM_ID",
                TEAM_ID,
                "SECUREVOX_CALL_APNS_TOPIC",
                BUNDLE,
                "SECUREVOX_CALL_APNS_HOST",
                "localhost:" + port,
                "SECUREVOX_CALL_APNS_CA",
                pki.caCertificate().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.close(server);
        if (apns != null) {
            apns.shutdown().get(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            ServerProcess.delete(dir);
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
        assertThat(REJECTED).as("what the mock APNs refused").isEmpty();
    }

    private static void registerIphone(String userId, String platform, String token) {
        TOKENS_BY_TOPIC
                .get(platform.equals("apns_voip") ? BUNDLE + ".voip" : BUNDLE)
                .add(token);
        Http.Response response = Http.post(
                server.url() + "/api/users/" + userId + "/devices",
                new JSONObject()
                        .put("platform", platform)
                        .put("token", token)
                        .put("environment", "sandbox")
                        .toString(),
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    /** A device token as APNs hands them out: 64 hexadecimal digits. */
    private static String hexToken() {
        return (java.util.UUID.randomUUID().toString() + java.util.UUID.randomUUID()).replace("-", "");
    }

    private static List<ApnsPushNotification> to(String token) {
        return ACCEPTED.stream().filter(n -> n.getToken().equals(token)).toList();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSleepingIphoneGetsOneVoipPushAndItsCancelAsAnOrdinaryPush(Via via) {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String voip = hexToken();
        String plain = hexToken();
        registerIphone(bob, "apns_voip", voip);
        registerIphone(bob, "apns", plain);
        TestClient caller = TestClient.connect(server.url(), via, RingingIT.userToken(server, alice));
        clients.add(caller);
        caller.await("authenticated");

        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(bob)).put("media", "video")));
        String sessionId = invited.getString("sessionId");
        String ringId = invited.getString("ringId");

        ServerProcess.await(PUSHED, "the VoIP push", () -> !to(voip).isEmpty());
        JSONObject ringing = caller.await("invite_state").json();
        assertThat(ringing.getString("userId")).isEqualTo(bob);
        assertThat(ringing.getString("state")).isEqualTo("ringing");
        ApnsPushNotification ring = to(voip).getFirst();
        assertThat(ring.getPushType()).isEqualTo(PushType.VOIP);
        assertThat(ring.getTopic()).isEqualTo(BUNDLE + ".voip");
        assertThat(ring.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
        assertThat(ring.getExpiration().toEpochMilli()).isCloseTo(invited.getLong("expiresAt"), within(1_000L));
        JSONObject payload = new JSONObject(ring.getPayload());
        assertThat(payload.getString("id")).isEqualTo(ringId);
        assertThat(payload.getString("sessionId")).isEqualTo(sessionId);
        assertThat(payload.getBoolean("isVideo")).isTrue();
        assertThat(to(plain)).as("nothing to the ordinary token while it rings").isEmpty();

        assertOk(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId)));
        ServerProcess.await(PUSHED, "the cancel's push", () -> !to(plain).isEmpty());
        ApnsPushNotification cancel = to(plain).getFirst();
        assertThat(cancel.getPushType()).isNotEqualTo(PushType.VOIP);
        assertThat(cancel.getTopic()).isEqualTo(BUNDLE);
        assertThat(new JSONObject(cancel.getPayload()).getString("id")).isEqualTo(ringId);
        assertThat(to(voip)).as("one VoIP push per ring, never one for a stop").hasSize(1);
    }
}
