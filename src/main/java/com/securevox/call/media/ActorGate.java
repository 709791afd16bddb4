package com.securevox.call.media;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a request from another thread reaches {@link SfuCalls}'s state: it runs on the actor, on the call or the
 * member it names, or fails with why it cannot (no such call, not on the SFU, the SFU being recovered).
 */
final class ActorGate {
    private final SfuIndex index;
    private final Executor actor;

    ActorGate(SfuIndex index, Executor actor) {
        this.index = index;
        this.actor = actor;
    }

    /** Runs {@code operation} on the actor for the call in progress with this id. */
    <T> CompletionStage<T> call(String sessionId, Function<SfuCall, T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                SfuCall call = index.call(sessionId)
                        .orElseThrow(() ->
                                new MediaException(MediaError.NOT_FOUND, "no call " + sessionId + " in progress"));
                result.complete(operation.apply(call));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code operation} on the actor for the connection's member in a call on the SFU. */
    <T> CompletionStage<T> member(
            com.securevox.call.call.ConnectionId connection,
            BiFunction<SfuCall, SfuMember, CompletionStage<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                SfuMember member = index.memberOf(connection).orElse(null);
                SfuCall call = index.callOf(connection).orElse(null);
                if (member == null || call == null) {
                    throw new MediaException(MediaError.NOT_FOUND, "not in a call");
                }
                if (call.mode != MediaMode.SFU) {
                    throw new MediaException(
                            MediaError.NOT_FOUND, "the call's media is " + call.mode.wireName() + " (expected: sfu)");
                }
                if (member.media == null || call.roomReady == null) {
                    throw new MediaException(MediaError.UNAVAILABLE, "the SFU is being recovered; wait for sfu_reset");
                }
                operation.apply(call, member).whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
