package com.securevox.call.app;

/**
 * Port: what this node's history and webhooks keep in memory of a call that goes on on another node without a fact
 * here (let go by {@link CallYield}, handed over by {@link CallHandoff}). No end will come to remove it, so it is
 * forgotten when the call moves; kept, it would grow with every call that moved.
 */
@FunctionalInterface
interface CallLeftovers {
    CallLeftovers NONE = sessionId -> {};

    /** Forgets the call {@code sessionId}, in order after what was recorded of it before. Never blocks. */
    void forget(String sessionId);
}
