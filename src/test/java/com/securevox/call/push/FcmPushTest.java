package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rings FCM devices through the real client against {@link FcmStandIn} over HTTPS (its CA trusted as {@code
 * SECUREVOX_CALL_FCM_CA} makes it trusted), with the registry on SQLite: what reaches FCM, what dead tokens do to the
 * registry, retries, access-token refresh, and a certificate the client does not trust.
 */
class FcmPushTest {
    static final String TOKEN = "fcm-alice:APA91b" + "a".repeat(100);
    static final String OTHER = "fcm-alice-tablet:APA91b" + "b".repeat(100);

    @TempDir
    Path dir;

    private HistoryStore store;
    private FcmStandIn fcm;
    private PushRinger ringer;
    private final RecordingMetrics metrics = new RecordingMetrics();

    private DeviceRegistry start(Clock clock) throws Exception {
        fcm = new FcmStandIn(clock, Duration.ofHours(1), Files.createDirectories(dir.resolve("fcm-pki")));
        return start(
                clock,
                HttpClient.newBuilder()
                        .sslContext(FcmTrust.withExtra(fcm.caCertificate()))
                        .build());
    }

    /** Starts with an FCM client over {@code http}, against the stand-in already made. */
    private DeviceRegistry start(Clock clock, HttpClient http) throws Exception {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ServiceAccount account = ServiceAccount.parse(fcm.serviceAccountJson());
        DeviceRegistry registry = store.devices(clock);
        ringer = new PushRinger(
                registry,
                List.of(new FcmClient(account, URI.create(fcm.base()), http, clock, executor)),
                metrics,
                clock,
                new Retries(Duration.ofMillis(100), Duration.ofMillis(400)),
                executor,
                "fcm");
        return registry;
    }

    /** Starts, with Alice's phone registered. */
    private DeviceRegistry startWithAlicesPhone(Clock clock) throws Exception {
        DeviceRegistry registry = start(clock);
        fcmDevice(registry, "alice", TOKEN);
        return registry;
    }

    @AfterEach
    void stop() {
        if (ringer != null) {
            ringer.close();
        }
        if (fcm != null) {
            fcm.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static PushRing ring(Instant expiresAt) {
        return new PushRing(
                UUID.fromString("7c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10"),
                "call_1",
                "bob",
                "{\"name\":\"Bob Builder\",\"avatar\":\"https://example.com/b.png\"}",
                PushRing.Media.VIDEO,
                List.of("alice", "carol"),
                expiresAt);
    }

    static Device fcmDevice(DeviceRegistry registry, String user, String token) {
        return registry.register(DeviceRegistration.of(user, "fcm", token, "com.example.app", null));
    }

    static int await(java.util.concurrent.CompletionStage<Integer> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aRingIsAHighPriorityDataMessageWithTheRingsRemainingTimeAsTtl() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        Instant expiresAt = clock.instant().plusSeconds(45);

        assertThat(await(ringer.ring(ring(expiresAt), "alice", Set.of()))).isEqualTo(1);

        assertThat(fcm.problems).isEmpty();
        assertThat(fcm.sends).hasSize(1);
        JsonNode message = fcm.sends.getFirst().message().path("message");
        assertThat(message.path("token").asText()).isEqualTo(TOKEN);
        assertThat(message.path("android").path("priority").asText()).isEqualTo("HIGH");
        assertThat(message.path("android").path("ttl").asText()).isIn("44s", "45s");
        assertThat(message.path("android").path("collapse_key").asText())
                .isEqualTo("7c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10");
        JsonNode data = message.path("data");
        assertThat(data.path("type").asText()).isEqualTo("incoming_call");
        assertThat(data.path("id").asText()).isEqualTo("7c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10");
        assertThat(data.path("ringId").asText()).isEqualTo("7c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10");
        assertThat(data.path("sessionId").asText()).isEqualTo("call_1");
        assertThat(data.path("fromUserId").asText()).isEqualTo("bob");
        assertThat(data.path("nameCaller").asText()).isEqualTo("Bob Builder");
        assertThat(data.path("handle").asText()).isEqualTo("bob");
        assertThat(data.path("media").asText()).isEqualTo("video");
        assertThat(data.path("isVideo").asText()).isEqualTo("true");
        assertThat(data.path("expiresAt").asText()).isEqualTo(Long.toString(expiresAt.toEpochMilli()));
        assertThat(data.path("invitees").asText()).isEqualTo("[\"alice\",\"carol\"]");
        assertThat(data.path("metadata").asText()).contains("\"name\":\"Bob Builder\"");
        assertThat(fcm.tokensIssued()).isEqualTo(1);
        assertThat(metrics.lines).containsExactly("fcm accepted ok");
    }

    @Test
    void devicesWithALiveConnectionAndUnregisteredUsersAreNotPushed() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = start(clock);
        Device live = fcmDevice(registry, "alice", TOKEN);
        fcmDevice(registry, "alice", OTHER);

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of(live.id()))))
                .isEqualTo(1);
        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "nobody", Set.of())))
                .isZero();

        assertThat(fcm.sends)
                .extracting(r -> r.message().path("message").path("token").asText())
                .containsExactly(OTHER);
    }

    @Test
    void aRingGoesToADeviceOnceAndTheStopOnlyToThePushedDevices() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        PushRing ring = ring(clock.instant().plusSeconds(30));

        assertThat(await(ringer.ring(ring, "alice", Set.of()))).isEqualTo(1);
        fcmDevice(registry, "alice", OTHER); // registered after the ring went out: not rung, not stopped
        assertThat(await(ringer.ring(ring, "alice", Set.of()))).isEqualTo(1); // the new one only
        ringer.stopped(ring, "alice", StopReason.ANSWERED_ELSEWHERE);

        awaitTrue(() -> fcm.sends.size() == 4);
        assertThat(fcm.sendsTo(TOKEN))
                .extracting(r -> r.message().at("/message/data/type").asText())
                .containsExactly("incoming_call", "call_ended");
        JsonNode stop = fcm.sendsTo(TOKEN).get(1).message().path("message");
        assertThat(stop.at("/data/reason").asText()).isEqualTo("answered_elsewhere");
        assertThat(stop.at("/data/id").asText()).isEqualTo(ring.ringId().toString());
        assertThat(stop.at("/android/priority").asText()).isEqualTo("HIGH");
        assertThat(stop.at("/android/ttl").asText()).isEqualTo("60s");
        assertThat(fcm.sendsTo(OTHER)).hasSize(2);
        assertThat(fcm.problems).isEmpty();
    }

    @Test
    void anUnregisteredTokenIsRemovedAndCounted() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        Device kept = fcmDevice(registry, "alice", OTHER);
        fcm.answer(TOKEN, FcmStandIn.Answer.UNREGISTERED);

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);

        assertThat(registry.devices("alice")).containsExactly(kept);
        assertThat(fcm.sendsTo(TOKEN)).hasSize(1); // not retried
        assertThat(metrics.lines).contains("fcm gone UNREGISTERED", "removed fcm UNREGISTERED", "fcm accepted ok");
    }

    @Test
    void anInvalidArgumentAboutTheTokenRemovesTheDeviceButOneAboutTheMessageDoesNot() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        Device other = fcmDevice(registry, "alice", OTHER);
        fcm.answer(
                TOKEN,
                new FcmStandIn.Answer(
                        400,
                        "{\"error\":{\"code\":400,\"message\":\"The registration token is not a valid FCM"
                                + " registration token\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                                + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":"
                                + "\"INVALID_ARGUMENT\"},{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
                                + "\"fieldViolations\":[{\"field\":\"message.token\",\"description\":\"Invalid"
                                + " registration token\"}]}]}}",
                        Map.of()));
        fcm.answer(
                OTHER,
                new FcmStandIn.Answer(
                        400,
                        "{\"error\":{\"code\":400,\"message\":\"Invalid value at 'message.android.ttl'\","
                                + "\"status\":\"INVALID_ARGUMENT\"}}",
                        Map.of()));

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isZero();

        assertThat(registry.devices("alice")).containsExactly(other);
        assertThat(metrics.lines).contains("removed fcm INVALID_ARGUMENT", "fcm failed INVALID_ARGUMENT");
    }

    @Test
    void quotaExceededIsRetriedAfterRetryAfter() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        fcm.answer(
                TOKEN,
                new FcmStandIn.Answer(
                        429,
                        FcmStandIn.Answer.fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")
                                .body(),
                        Map.of("Retry-After", "1")),
                FcmStandIn.Answer.OK);

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);

        List<FcmStandIn.Received> sends = fcm.sendsTo(TOKEN);
        assertThat(sends).hasSize(2);
        assertThat(Duration.between(sends.get(0).at(), sends.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(metrics.lines).containsExactly("fcm retry QUOTA_EXCEEDED", "fcm accepted ok");
    }

    @Test
    void unavailableIsRetriedWhileTheRingLivesAndNoLonger() throws Exception {
        Clock clock = Clock.systemUTC();
        DeviceRegistry registry = startWithAlicesPhone(clock);
        fcm.answer(TOKEN, FcmStandIn.Answer.fcmError(503, "UNAVAILABLE", "UNAVAILABLE"));
        // Room for three tries (after 100 ms, then 200 ms) even when a loaded machine makes each one slow.
        Instant expiresAt = clock.instant().plusMillis(4000);

        assertThat(await(ringer.ring(ring(expiresAt), "alice", Set.of()))).isZero();
        int tries = fcm.sendsTo(TOKEN).size();
        Thread.sleep(600);

        assertThat(tries).isGreaterThanOrEqualTo(3);
        assertThat(fcm.sendsTo(TOKEN)).hasSize(tries).allSatisfy(r -> assertThat(r.at())
                .isBefore(expiresAt));
        // No retry leaves the phone less than a second of ring (RING_LEFT_FOR_A_RETRY, less the time a send takes
        // on a loaded machine): one pushed later showed a call ending as it rang (duration 0, ttl 0 s).
        assertThat(fcm.sendsTo(TOKEN)).allSatisfy(r -> assertThat(r.message()
                        .path("message")
                        .path("data")
                        .path("duration")
                        .asLong())
                .isGreaterThan(500));
    }

    @Test
    void theAccessTokenIsKeptUntilFiveMinutesBeforeItExpiresThenFetchedAgain() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        DeviceRegistry registry = start(clock);
        fcmDevice(registry, "alice", TOKEN);

        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(54));
        assertThat(await(ringer.ring(ring2(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);
        assertThat(fcm.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // 56 minutes: within 5 minutes of the hour
        assertThat(await(ringer.ring(ring3(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);
        assertThat(fcm.tokensIssued()).isEqualTo(2);
        assertThat(fcm.assertions).hasSize(2);
        assertThat(fcm.assertions.get(1).getIssueTime().toInstant())
                .isAfter(fcm.assertions.get(0).getIssueTime().toInstant().plus(Duration.ofMinutes(55)));
        assertThat(fcm.problems).isEmpty();
    }

    @Test
    void anAccessTokenGoogleRevokedIsRefusedWith401AndReplaced() throws Exception {
        Clock clock = Clock.systemUTC();
        startWithAlicesPhone(clock);
        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);

        fcm.revokeAccessTokens();
        assertThat(await(ringer.ring(ring2(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isEqualTo(1);

        assertThat(fcm.tokensIssued()).isEqualTo(2);
        assertThat(fcm.sendsTo(TOKEN)).hasSize(2);
        assertThat(metrics.lines).containsExactly("fcm accepted ok", "fcm retry UNAUTHENTICATED", "fcm accepted ok");
        assertThat(fcm.problems).isEmpty();
    }

    @Test
    void aCertificateTheClientDoesNotTrustFailsThePushAtOnceAndIsCounted() throws Exception {
        Clock clock = Clock.systemUTC();
        fcm = new FcmStandIn(clock, Duration.ofHours(1), Files.createDirectories(dir.resolve("fcm-pki")));
        // The JDK's trust only, as in production without SECUREVOX_CALL_FCM_CA.
        DeviceRegistry registry = start(clock, HttpClient.newHttpClient());
        fcmDevice(registry, "alice", TOKEN);
        fcmDevice(registry, "alice", OTHER);

        long started = System.nanoTime();
        assertThat(await(ringer.ring(ring(clock.instant().plusSeconds(30)), "alice", Set.of())))
                .isZero();

        // Not retried until the ring ends: a certificate does not become trusted by asking again.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(metrics.lines).containsExactly("fcm failed TLS_UNTRUSTED", "fcm failed TLS_UNTRUSTED");
        assertThat(fcm.requestsReceived()).isZero();
        assertThat(registry.devices("alice")).hasSize(2);
    }

    private static PushRing ring2(Instant expiresAt) {
        return withId(ring(expiresAt), "2c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10");
    }

    private static PushRing ring3(Instant expiresAt) {
        return withId(ring(expiresAt), "3c1e6a52-0c7e-4a4b-9d35-3c1f0b7e2a10");
    }

    static PushRing withId(PushRing r, String id) {
        return new PushRing(
                UUID.fromString(id),
                r.sessionId(),
                r.fromUserId(),
                r.metadataJson(),
                r.media(),
                r.invitees(),
                r.expiresAt());
    }
}
