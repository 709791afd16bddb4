package com.securevox.call.janus;

import com.securevox.call.call.Scheduler;
import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Our requests that Janus has not answered yet, by transaction id. Each waits for its final reply (an {@code ack} is
 * final only for requests that {@link Pending#ackIsFinal}), for at most the request timeout, after which it fails
 * with {@link MediaError#TIMEOUT}. Ids are random, so a reply can never be taken for another request's, not even one
 * from before a reconnection.
 *
 * <p>Confined to the client's thread: the timers hop onto {@code executor} before they touch anything.
 */
final class Transactions {
    private static final int ID_BYTES = 12;

    /** A request waiting for its reply. */
    static final class Pending {
        private final String id;
        private final String request;
        private final boolean ackIsFinal;
        private final CompletableFuture<JanusMessage> reply = new CompletableFuture<>();
        private Scheduler.Cancellable timer;

        private Pending(String id, String request, boolean ackIsFinal) {
            this.id = id;
            this.request = request;
            this.ackIsFinal = ackIsFinal;
        }

        String id() {
            return id;
        }

        /** What was asked, for messages: {@code "message videoroom/join"}. */
        String request() {
            return request;
        }

        boolean ackIsFinal() {
            return ackIsFinal;
        }

        CompletableFuture<JanusMessage> reply() {
            return reply;
        }
    }

    private final Scheduler scheduler;
    private final Executor executor;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new HashMap<>();

    Transactions(Scheduler scheduler, Executor executor, Duration timeout) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Registers a new request and starts its timeout. */
    Pending begin(String request, boolean ackIsFinal) {
        Pending started = new Pending(newId(), request, ackIsFinal);
        pending.put(started.id, started);
        started.timer = scheduler.schedule(timeout, () -> executor.execute(() -> expire(started.id)));
        return started;
    }

    Optional<Pending> get(String id) {
        return Optional.ofNullable(pending.get(id));
    }

    /** Completes the request with its final reply; false if it is not pending (answered, timed out, unknown). */
    boolean complete(String id, JanusMessage reply) {
        Pending done = take(id);
        if (done == null) {
            return false;
        }
        done.reply.complete(reply);
        return true;
    }

    boolean fail(String id, RuntimeException error) {
        Pending done = take(id);
        if (done == null) {
            return false;
        }
        done.reply.completeExceptionally(error);
        return true;
    }

    /** Fails every pending request, e.g. when the connection is lost. */
    void failAll(MediaError error, String why) {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending request : all) {
            request.timer.cancel();
            request.reply.completeExceptionally(new MediaException(error, request.request + ": " + why));
        }
    }

    int size() {
        return pending.size();
    }

    private Pending take(String id) {
        Pending done = pending.remove(id);
        if (done != null) {
            done.timer.cancel();
        }
        return done;
    }

    private void expire(String id) {
        Pending late = pending.remove(id);
        if (late != null) {
            late.reply.completeExceptionally(new MediaException(
                    MediaError.TIMEOUT, "Janus did not answer " + late.request + " within " + timeout));
        }
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
