package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import org.junit.jupiter.api.Test;

/** One node owns every call with epoch 1, for ever. */
class LocalCallOwnershipTest {
    private final LocalCallOwnership local = new LocalCallOwnership("node-a");

    @Test
    void alwaysTheOwnerWithEpochOne() {
        Lease lease = ((Granted) local.acquire("call-1")).lease();

        assertThat(lease.owner()).isEqualTo(new Owner("node-a", 1));
        assertThat(lease.validUntilNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(local.mayActAsOwner(lease)).isTrue();
        assertThat(local.renew(lease)).isEqualTo(new Granted(lease));
        assertThat(local.owner("call-2")).isEqualTo(new Held(new Owner("node-a", 1)));
        assertThat(local.release(lease)).isTrue();
        assertThat(local.node()).isEqualTo("node-a");
    }

    @Test
    void aLeaseOfAnotherNodeIsNotOurs() {
        Lease foreign = new Lease("call-1", new Owner("node-b", 1), Long.MAX_VALUE);

        assertThat(local.mayActAsOwner(foreign)).isFalse();
        assertThat(local.renew(foreign)).isEqualTo(new Held(new Owner("node-a", 1)));
        assertThat(local.release(foreign)).isFalse();
    }
}
