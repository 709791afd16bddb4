package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.ring.RingPush.StopReason;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push without a provider, and providers whose files cannot be used. */
class NoProviderTest {
    @TempDir
    Path dir;

    @Test
    void withoutAProviderDevicesRegisterAndEveryRingReachesNobody() throws Exception {
        try (HistoryStore store = HistoryStores.sqlite(dir.resolve("history.db"))) {
            DeviceRegistry registry = store.devices(Clock.systemUTC());
            registry.register(DeviceRegistration.of("alice", "fcm", "token", null, null));
            try (PushRinger ringer = PushRinger.create(
                    registry, Optional.empty(), Optional.empty(), PushMetrics.NONE, Clock.systemUTC())) {
                assertThat(ringer.enabled()).isFalse();
                assertThat(ringer.describe()).isEqualTo("off (no provider configured)");
                var ring = FcmPushTest.ring(Clock.systemUTC().instant().plusSeconds(30));
                assertThat(ringer.ring(ring, "alice", Set.of())
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS))
                        .isZero();
                ringer.stopped(ring, "alice", StopReason.CANCELLED);
            }
            assertThat(registry.devices("alice")).hasSize(1);
        }
    }

    @Test
    void unusableKeyFilesAreRefusedNamingTheSetting() throws Exception {
        Path json = Files.writeString(dir.resolve("sa.json"), "{\"project_id\":\"p1234\"}");
        assertThatThrownBy(() -> PushRinger.create(
                        new com.securevox.call.httpapi.NoDevices(),
                        Optional.of(new FcmSettings(json, java.net.URI.create("https://fcm.googleapis.com"))),
                        Optional.empty(),
                        PushMetrics.NONE,
                        Clock.systemUTC()))
                .isInstanceOf(PushSetupException.class)
                .hasMessage("SECUREVOX_CALL_FCM_CREDENTIALS: " + json
                        + ": client_email: missing (expected: a string, as in the service-account key JSON)");
        Path p8 = Files.writeString(dir.resolve("AuthKey.p8"), "not a key");
        assertThatThrownBy(() -> PushRinger.create(
                        new com.securevox.call.httpapi.NoDevices(),
                        Optional.empty(),
                        Optional.of(new ApnsSettings(
                                p8, "ABC1234567", "TEAM123456", "com.example.app", Optional.empty(), Optional.empty())),
                        PushMetrics.NONE,
                        Clock.systemUTC()))
                .isInstanceOf(PushSetupException.class)
                .hasMessageStartingWith("SECUREVOX_CALL_APNS_KEY: " + p8 + " is not a readable APNs signing key");
    }
}
