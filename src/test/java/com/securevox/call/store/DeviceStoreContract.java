package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.push.ApnsEnvironment;
import com.securevox.call.push.Device;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.push.Platform;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push device registry, run against every database like {@link HistoryStoreContract}. */
abstract class DeviceStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String VOIP_TOKEN = "ab".repeat(32);
    static final String FCM_TOKEN = "fcm-token:APA91b" + "x".repeat(140);

    final MutableClock clock = new MutableClock(T0);
    HistoryStore store;
    DeviceRegistry devices;

    /** A store on a fresh, empty database. */
    abstract HistoryStore open();

    /** Closes the store and removes its database. */
    abstract void dispose();

    @BeforeEach
    void openStore() {
        store = open();
        devices = store.devices(clock);
    }

    @AfterEach
    void disposeStore() {
        dispose();
    }

    static DeviceRegistration voip(String user, String token) {
        return new DeviceRegistration(
                user, Platform.APNS_VOIP, token, Optional.of("com.example.app"), Optional.of(ApnsEnvironment.SANDBOX));
    }

    static DeviceRegistration fcm(String user, String token) {
        return new DeviceRegistration(user, Platform.FCM, token, Optional.empty(), Optional.empty());
    }

    @Test
    void aRegisteredDeviceIsListedWithEverythingItWasRegisteredWith() {
        Device device = devices.register(voip("alice", VOIP_TOKEN.toUpperCase()));

        assertThat(device.id()).matches("[0-9a-f-]{36}");
        assertThat(device.userId()).isEqualTo("alice");
        assertThat(device.platform()).isEqualTo(Platform.APNS_VOIP);
        assertThat(device.token()).isEqualTo(VOIP_TOKEN); // APNs tokens are kept in lower case
        assertThat(device.appId()).contains("com.example.app");
        assertThat(device.environment()).contains(ApnsEnvironment.SANDBOX);
        assertThat(device.registeredAt()).isEqualTo(T0);
        assertThat(devices.devices("alice")).containsExactly(device);
        assertThat(devices.device("alice", device.id())).contains(device);
        assertThat(devices.device("bob", device.id())).isEmpty();
        assertThat(devices.devices("bob")).isEmpty();
    }

    @Test
    void theSameTokenAgainRefreshesTheDeviceAndKeepsItsId() {
        Device first = devices.register(voip("alice", VOIP_TOKEN));
        clock.advance(Duration.ofMinutes(5));
        Device again = devices.register(new DeviceRegistration(
                "alice",
                Platform.APNS_VOIP,
                VOIP_TOKEN,
                Optional.of("com.example.other"),
                Optional.of(ApnsEnvironment.PRODUCTION)));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.registeredAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(again.appId()).contains("com.example.other");
        assertThat(again.environment()).contains(ApnsEnvironment.PRODUCTION);
        assertThat(devices.devices("alice")).containsExactly(again);
    }

    @Test
    void theSameTokenFromAnotherUserMovesTheDeviceUnderANewId() {
        Device alices = devices.register(fcm("alice", FCM_TOKEN));
        Device bobs = devices.register(fcm("bob", FCM_TOKEN));

        assertThat(bobs.id()).isNotEqualTo(alices.id());
        assertThat(devices.devices("alice")).isEmpty();
        assertThat(devices.devices("bob")).containsExactly(bobs);
        // Alice's old id names nothing now: her backend cannot remove Bob's phone with it.
        assertThat(devices.remove("alice", alices.id())).isFalse();
        assertThat(devices.devices("bob")).containsExactly(bobs);
    }

    @Test
    void theSameTokenOnAnotherPlatformIsAnotherDevice() {
        Device voip = devices.register(voip("alice", VOIP_TOKEN));
        Device plain = devices.register(new DeviceRegistration(
                "alice", Platform.APNS, VOIP_TOKEN, Optional.empty(), Optional.of(ApnsEnvironment.SANDBOX)));

        assertThat(plain.id()).isNotEqualTo(voip.id());
        assertThat(devices.devices("alice")).containsExactlyInAnyOrder(voip, plain);
    }

    @Test
    void devicesAreListedOldestRegistrationFirst() {
        Device a = devices.register(fcm("alice", "token-a"));
        clock.advance(Duration.ofSeconds(1));
        Device b = devices.register(voip("alice", VOIP_TOKEN));
        clock.advance(Duration.ofSeconds(1));
        Device a2 = devices.register(fcm("alice", "token-a"));

        assertThat(devices.devices("alice")).containsExactly(b, a2);
        assertThat(a2.id()).isEqualTo(a.id());
    }

    @Test
    void removingTakesOnlyTheUsersOwnDevice() {
        Device device = devices.register(fcm("alice", FCM_TOKEN));

        assertThat(devices.remove("bob", device.id())).isFalse();
        assertThat(devices.devices("alice")).containsExactly(device);
        assertThat(devices.remove("alice", device.id())).isTrue();
        assertThat(devices.devices("alice")).isEmpty();
        assertThat(devices.remove("alice", device.id())).isFalse();
    }

    @Test
    void aDeadTokenIsForgottenUnlessRegisteredAgainSince() {
        Device device = devices.register(voip("alice", VOIP_TOKEN));

        // APNs: unregistered at a time before the registration: the app registered again since, so it stays.
        assertThat(devices.forget(device, T0.minusSeconds(1))).isFalse();
        assertThat(devices.devices("alice")).containsExactly(device);

        assertThat(devices.forget(device, T0)).isTrue();
        assertThat(devices.devices("alice")).isEmpty();
    }

    @Test
    void forgettingARefreshedDeviceNeedsItsNewRegistrationToBeDeadToo() {
        Device pushed = devices.register(voip("alice", VOIP_TOKEN));
        clock.advance(Duration.ofMinutes(1));
        Device refreshed = devices.register(voip("alice", VOIP_TOKEN));

        // The provider answered about the push sent before the refresh: the refreshed registration stays.
        assertThat(devices.forget(pushed, pushed.registeredAt())).isFalse();
        assertThat(devices.devices("alice")).containsExactly(refreshed);
    }

    @Test
    void forgettingAMovedTokenLeavesItsNewOwner() {
        Device alices = devices.register(fcm("alice", FCM_TOKEN));
        Device bobs = devices.register(fcm("bob", FCM_TOKEN));

        assertThat(devices.forget(alices, T0.plus(Duration.ofDays(1)))).isFalse();
        assertThat(devices.devices("bob")).containsExactly(bobs);
    }

    @Test
    void registrationsOfOneTokenAtOnceMakeOneDevice() throws Exception {
        List<Callable<Device>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> devices.register(fcm("alice", FCM_TOKEN)));
        }
        List<Device> registered = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (Future<Device> f : threads.invokeAll(tasks)) {
                registered.add(f.get());
            }
        }
        assertThat(registered)
                .extracting(Device::id)
                .containsOnly(registered.getFirst().id());
        assertThat(devices.devices("alice")).hasSize(1);
    }
}
