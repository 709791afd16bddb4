package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallRegistryMembershipTest {
    @Test
    void aUserIsAParticipantWhileLiveOrInGraceAndNotAfter() {
        Fixture f = Fixture.standard();
        assertThat(f.registry.isParticipant("s1", "alice")).isFalse();

        f.join("c1", "alice", "s1");
        assertThat(f.registry.isParticipant("s1", "alice")).isTrue();
        assertThat(f.registry.isParticipant("s1", "bob")).isFalse();
        assertThat(f.registry.isParticipant("s2", "alice")).isFalse();

        f.registry.disconnected(Fixture.c("c1"));
        assertThat(f.registry.isParticipant("s1", "alice")).as("in grace").isTrue();

        f.scheduler.firePending();
        assertThat(f.registry.isParticipant("s1", "alice")).as("grace over").isFalse();
    }
}
