package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership;

/**
 * One node: it owns every call, always with epoch 1, and never asks anyone. Its leases never lapse, so their deadline
 * ({@link Long#MAX_VALUE}) is never compared.
 */
public final class LocalCallOwnership implements CallOwnership {
    private final Owner self;

    public LocalCallOwnership(String node) {
        this.self = new Owner(node, 1);
    }

    @Override
    public String node() {
        return self.node();
    }

    @Override
    public Claim acquire(String callId) {
        return new Granted(new Lease(callId, self, Long.MAX_VALUE));
    }

    @Override
    public Claim renew(Lease lease) {
        return lease.owner().equals(self) ? new Granted(lease) : new Held(self);
    }

    @Override
    public boolean release(Lease lease) {
        return lease.owner().equals(self);
    }

    @Override
    public Lookup owner(String callId) {
        return new Held(self);
    }

    @Override
    public boolean mayActAsOwner(Lease lease) {
        return lease.owner().equals(self);
    }
}
