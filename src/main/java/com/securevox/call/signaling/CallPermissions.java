package com.securevox.call.signaling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who may call whom, asked before a ring starts. Never blocks: the answer completes later (the socket's event is
 * answered then). Fails with a {@link SignalingException} ({@link ErrorCode#UNAVAILABLE}) when it cannot tell.
 */
@FunctionalInterface
public interface CallPermissions {
    /** No policy: everybody may call everybody. */
    CallPermissions EVERYONE = (from, to) -> CompletableFuture.completedFuture(Set.of());

    /** Completes with those of {@code to} whom {@code from} may not call. */
    CompletionStage<Set<String>> refused(String from, List<String> to);
}
