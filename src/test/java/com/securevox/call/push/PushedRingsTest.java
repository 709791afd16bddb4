package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PushedRingsTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final UUID ring = UUID.randomUUID();
    final Instant end = T0.plusSeconds(45);

    static Device device(String id) {
        return new Device(id, "alice", Platform.FCM, "token-" + id, Optional.empty(), Optional.empty(), T0);
    }

    @Test
    void aDeviceIsClaimedOncePerRingAndUser() {
        PushedRings rings = new PushedRings(clock, 100);

        assertThat(rings.claim(ring, "alice", end, List.of(device("a"), device("b"))))
                .hasSize(2);
        assertThat(rings.claim(ring, "alice", end, List.of(device("a"), device("c"))))
                .extracting(Device::id)
                .containsExactly("c");
        assertThat(rings.claim(UUID.randomUUID(), "alice", end, List.of(device("a"))))
                .hasSize(1);
        assertThat(rings.alive(ring, "alice")).isTrue();
    }

    @Test
    void aStopReturnsThePushedDevicesOnceAndAfterItNothingIsClaimed() {
        PushedRings rings = new PushedRings(clock, 100);
        rings.claim(ring, "alice", end, List.of(device("a"), device("b")));

        assertThat(rings.stop(ring, "alice", end)).extracting(Device::id).containsExactly("a", "b");
        assertThat(rings.stop(ring, "alice", end)).isEmpty();
        assertThat(rings.claim(ring, "alice", end, List.of(device("c")))).isEmpty();
        assertThat(rings.alive(ring, "alice")).isFalse();
    }

    @Test
    void aStopBeforeAnyClaimStopsTheRingBeforeItIsPushed() {
        PushedRings rings = new PushedRings(clock, 100);

        assertThat(rings.stop(ring, "alice", end)).isEmpty();
        assertThat(rings.claim(ring, "alice", end, List.of(device("a")))).isEmpty();
    }

    @Test
    void aRingIsOverAtItsEndAndForgottenALittleLater() {
        PushedRings rings = new PushedRings(clock, 100);
        rings.claim(ring, "alice", end, List.of(device("a")));

        clock.advance(Duration.ofSeconds(45));
        assertThat(rings.alive(ring, "alice")).isFalse();
        // The stop the end itself causes still finds the pushed devices.
        clock.advance(Duration.ofSeconds(30));
        rings.claim(UUID.randomUUID(), "bob", clock.instant().plusSeconds(45), List.of());
        assertThat(rings.size()).isEqualTo(2);
        clock.advance(PushedRings.LINGER);
        rings.claim(UUID.randomUUID(), "carol", clock.instant().plusSeconds(45), List.of());
        assertThat(rings.size()).isEqualTo(2);
        assertThat(rings.stop(ring, "alice", end)).isEmpty();
    }

    @Test
    void pastItsCapacityTheOldestRingIsForgotten() {
        PushedRings rings = new PushedRings(clock, 2);
        rings.claim(ring, "alice", end, List.of(device("a")));
        rings.claim(UUID.randomUUID(), "bob", end, List.of(device("b")));
        rings.claim(UUID.randomUUID(), "carol", end, List.of(device("c")));

        assertThat(rings.size()).isEqualTo(2);
        assertThat(rings.alive(ring, "alice")).isFalse();
    }
}
