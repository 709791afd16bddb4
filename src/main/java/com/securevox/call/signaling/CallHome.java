package com.securevox.call.signaling;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Port: whether this node serves a call's members now. With one node it serves every call; with several, one node at
 * a time serves each call (its owner), and a join on any other node is refused until calls can be forwarded between
 * nodes.
 */
public interface CallHome {
    /** One node: every call is served here, at once, without I/O. */
    CallHome THIS_NODE = sessionId -> CompletableFuture.completedFuture(null);

    /**
     * Completes once this node serves the call, becoming its owner when nobody is; fails with a {@link
     * SignalingException} ({@link ErrorCode#UNAVAILABLE}) naming why not. A stage that is already complete is acted on
     * in the caller's thread; any other completes on a thread of the implementation's, never an event loop's.
     */
    CompletionStage<Void> admit(String sessionId);
}
