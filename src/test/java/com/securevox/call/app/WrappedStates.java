package com.securevox.call.app;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates;
import java.util.List;
import java.util.Optional;

/** A node's call states in Redis, passed through; a test overrides what it must watch or hold up. */
abstract class WrappedStates implements CallStates {
    final CallStates redis;

    WrappedStates(CallStates redis) {
        this.redis = redis;
    }

    @Override
    public Optional<CallState> read(String sessionId) {
        return redis.read(sessionId);
    }

    @Override
    public boolean write(CallOwnership.Lease lease, CallState state) {
        return redis.write(lease, state);
    }

    @Override
    public boolean delete(CallOwnership.Lease lease) {
        return redis.delete(lease);
    }

    @Override
    public boolean keepHeld(CallOwnership.Lease lease, List<KeptSignal> held) {
        return redis.keepHeld(lease, held);
    }

    @Override
    public List<KeptSignal> takeHeld(String sessionId) {
        return redis.takeHeld(sessionId);
    }
}
