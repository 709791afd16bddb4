package com.securevox.call.janus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.Scheduler;
import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Janus core API over one WebSocket: sessions, handles, plugin messages and trickles as futures, and what Janus
 * says on its own routed to the listener of the handle it concerns.
 *
 * <p>Every request carries a random transaction and the {@code apisecret}; its future completes with the final reply
 * (for an asynchronous plugin message, the {@code event} after the {@code ack}), fails with a {@link
 * JanusErrorException} when Janus refuses it, with {@link MediaError#TIMEOUT} after the request timeout, and with
 * {@link MediaError#UNAVAILABLE} when the connection is lost first. Idle sessions get a {@code keepalive} every
 * {@link JanusSettings#keepalive()}.
 *
 * <p>One thread ({@code janus-client}) owns all state: requests made from any thread hop onto it, every future
 * completes on it and every listener is called on it, in the order Janus sent the messages. Nothing here blocks;
 * code that continues a future or listens must not block either.
 */
public final class JanusClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JanusClient.class);
    /** A Janus message is at most a few SDPs; this is far beyond any, and bounds what one message can cost. */
    static final int MAX_MESSAGE_CHARS = 4 * 1024 * 1024;

    /** Told when a connection that {@link #connect()} completed ends without us asking; once per connection. */
    @FunctionalInterface
    public interface ConnectionListener {
        void lost(String reason);
    }

    /** A plugin's answer: {@code data} and, when Janus sent one, an SDP. */
    public record PluginReply(JanusMessage.PluginData data, Optional<Jsep> jsep) {
        public PluginReply {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(jsep, "jsep");
        }
    }

    private final JanusSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ConnectionListener listener;
    private final ExecutorService executor;
    private final HttpClient http;
    private final JanusDecoder decoder = new JanusDecoder();
    private final ObjectMapper json = new ObjectMapper();
    private final Transactions transactions;
    private final Sessions sessions = new Sessions();

    // Confined to the executor's thread.
    private JanusSocket socket;
    private boolean connecting;
    private long generation;
    private String lostWhileOpening;
    private Scheduler.Cancellable keepaliveTimer;
    private boolean closed;
    private volatile boolean connected;

    public JanusClient(JanusSettings settings, Scheduler scheduler, Clock clock, ConnectionListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("janus-client").daemon().factory());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .build();
        this.transactions = new Transactions(scheduler, this::runOnExecutor, settings.requestTimeout());
    }

    /**
     * Opens the connection, reads Janus's {@code info} and checks that Janus takes our {@code apisecret} (by creating
     * and destroying a session). Fails with {@link MediaError#UNAVAILABLE} when Janus cannot be reached, and with
     * {@link MediaError#REFUSED} when it refuses the secret.
     */
    public CompletableFuture<JanusMessage.ServerInfo> connect() {
        return onExecutor(() -> {
            if (closed) {
                throw new MediaException(MediaError.UNAVAILABLE, "connect: the Janus client is closed");
            }
            if (socket != null || connecting) {
                throw new IllegalStateException("connect: already connected or connecting");
            }
            connecting = true;
            lostWhileOpening = null;
            long opening = ++generation;
            return JanusSocket.open(
                            http,
                            settings.url(),
                            settings.requestTimeout(),
                            MAX_MESSAGE_CHARS,
                            new SocketListener(opening))
                    .handleAsync((opened, error) -> opened(opening, opened, error), executor)
                    .thenCompose(opened -> opened)
                    .whenComplete((info, error) -> {
                        connecting = false;
                        if (error == null) {
                            connected = true;
                            armKeepalive(opening);
                        } else if (opening == generation && socket != null) {
                            socket.close();
                            socket = null;
                        }
                    });
        });
    }

    /** Whether a connection is open and was checked by {@link #connect()}. Any thread. */
    public boolean connected() {
        return connected;
    }

    /** Creates a session; {@code gone} is told (on the client's thread) if Janus drops it. */
    public CompletableFuture<Long> createSession(Consumer<String> gone) {
        Objects.requireNonNull(gone, "gone");
        return onExecutor(
                () -> request("create", "create", true, 0, 0, body -> {}).thenApply(reply -> {
                    long id = newId(reply, "create");
                    sessions.add(id, gone, clock.instant());
                    return id;
                }));
    }

    /** Attaches a handle to {@code plugin}; {@code events} gets what Janus says about it unasked. */
    public CompletableFuture<Long> attach(long session, String plugin, Consumer<JanusMessage> events) {
        Objects.requireNonNull(events, "events");
        return onExecutor(
                () -> request("attach", "attach " + plugin, true, session, 0, body -> body.put("plugin", plugin))
                        .thenApply(reply -> {
                            long id = newId(reply, "attach");
                            sessions.addHandle(session, id, events);
                            return id;
                        }));
    }

    /**
     * Sends {@code body} (and {@code jsep}) to the handle's plugin; completes with the plugin's answer, whether
     * synchronous ({@code success}) or asynchronous (the {@code event} after the {@code ack}).
     */
    CompletableFuture<PluginReply> message(long session, long handle, ObjectNode body, Optional<Jsep> jsep) {
        String what =
                "message " + Objects.requireNonNullElse(body.path("request").asText(null), "?");
        return onExecutor(() -> request("message", what, false, session, handle, message -> {
                    message.set("body", body);
                    jsep.ifPresent(sdp -> {
                        ObjectNode json = message.putObject("jsep")
                                .put("type", sdp.wireType())
                                .put("sdp", sdp.sdp());
                        if (sdp.e2ee()) {
                            json.put("e2ee", true);
                        }
                    });
                })
                .thenApply(reply -> {
                    if (reply instanceof JanusMessage.PluginSuccess success) {
                        return new PluginReply(success.plugin(), Optional.empty());
                    }
                    if (reply instanceof JanusMessage.Event event) {
                        return new PluginReply(event.plugin(), event.jsep());
                    }
                    throw JanusErrors.unexpected(what, reply);
                }));
    }

    /** Sends a client's ICE candidate ({@code {candidate, sdpMid, sdpMLineIndex}} or {@code {completed: true}}). */
    CompletableFuture<Void> trickle(long session, long handle, ObjectNode candidate) {
        return onExecutor(() -> request(
                        "trickle", "trickle", true, session, handle, message -> message.set("candidate", candidate))
                .thenApply(reply -> null));
    }

    /** Detaches a handle; nothing more is routed to its listener. */
    public CompletableFuture<Void> detach(long session, long handle) {
        return onExecutor(() -> {
            sessions.removeHandle(session, handle);
            return request("detach", "detach", true, session, handle, body -> {})
                    .thenApply(reply -> null);
        });
    }

    /** Destroys a session and its handles; it gets no more keepalives or events from the moment this is called. */
    public CompletableFuture<Void> destroySession(long session) {
        return onExecutor(() -> {
            sessions.remove(session);
            return request("destroy", "destroy", true, session, 0, body -> {}).thenApply(reply -> null);
        });
    }

    /**
     * Drops the connection as if it had been lost: every pending request fails, and the {@link ConnectionListener}
     * is told {@code reason}. For when Janus has obviously lost our state (a session it no longer knows).
     */
    public void disconnect(String reason) {
        runOnExecutor(() -> {
            if (socket != null) {
                socket.close();
                socketClosed(generation, reason);
            }
        });
    }

    /** Closes the connection for good and stops the client's thread; pending requests fail with UNAVAILABLE. */
    @Override
    public void close() {
        runOnExecutor(() -> {
            closed = true;
            connected = false;
            if (socket != null) {
                socket.close();
                socket = null;
            }
            generation++;
            cancelKeepalive();
            sessions.clear();
            transactions.failAll(MediaError.UNAVAILABLE, "the Janus client was closed");
        });
        executor.shutdown();
        http.shutdownNow();
    }

    /** The executor all of this client's state lives on; for the adapter's own state, which shares the thread. */
    ExecutorService executor() {
        return executor;
    }

    private CompletableFuture<JanusMessage.ServerInfo> opened(long opening, JanusSocket opened, Throwable error) {
        if (error != null) {
            throw new MediaException(
                    MediaError.UNAVAILABLE,
                    "cannot connect to Janus at " + settings.url() + ": " + JanusErrors.describe(error));
        }
        if (closed || opening != generation) {
            opened.close();
            throw new MediaException(MediaError.UNAVAILABLE, "connect: the Janus client was closed meanwhile");
        }
        if (lostWhileOpening != null) {
            throw new MediaException(MediaError.UNAVAILABLE, "connection to Janus lost: " + lostWhileOpening);
        }
        socket = opened;
        return request("info", "info", true, 0, 0, body -> {}).thenCompose(reply -> {
            if (!(reply instanceof JanusMessage.ServerInfo info)) {
                throw JanusErrors.unexpected("info", reply);
            }
            return checkSecret().thenApply(ignored -> info);
        });
    }

    /** Janus answers {@code info} without the secret; creating a session is the cheapest request that needs it. */
    private CompletableFuture<Void> checkSecret() {
        return request("create", "create", true, 0, 0, body -> {})
                .handle((reply, error) -> {
                    if (error != null) {
                        if (JanusErrors.unwrap(error) instanceof JanusErrorException refused
                                && refused.code() == JanusErrorException.UNAUTHORIZED) {
                            throw new MediaException(
                                    MediaError.REFUSED,
                                    "Janus refused our apisecret: " + refused.getMessage()
                                            + " (expected: the api_secret of janus.jcfg)");
                        }
                        throw new CompletionException(JanusErrors.unwrap(error));
                    }
                    return newId(reply, "create");
                })
                .thenCompose(probe -> request("destroy", "destroy", true, probe, 0, body -> {}))
                .thenApply(reply -> null);
    }

    /** Called on the executor. */
    private CompletableFuture<JanusMessage> request(
            String janus, String what, boolean ackIsFinal, long session, long handle, Consumer<ObjectNode> fields) {
        if (socket == null) {
            return CompletableFuture.failedFuture(
                    new MediaException(MediaError.UNAVAILABLE, what + ": not connected to Janus"));
        }
        Transactions.Pending pending = transactions.begin(what, ackIsFinal);
        ObjectNode message = json.createObjectNode();
        message.put("janus", janus).put("transaction", pending.id());
        settings.apiSecret().ifPresent(secret -> message.put("apisecret", secret));
        if (session > 0) {
            message.put("session_id", session);
            sessions.used(session, clock.instant());
        }
        if (handle > 0) {
            message.put("handle_id", handle);
        }
        fields.accept(message);
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            transactions.fail(pending.id(), new IllegalStateException(what + ": cannot write JSON", e));
            return pending.reply();
        }
        socket.send(text).whenComplete((sent, error) -> {
            if (error != null) {
                runOnExecutor(() -> transactions.fail(
                        pending.id(),
                        new MediaException(
                                MediaError.UNAVAILABLE,
                                what + ": cannot send to Janus: " + JanusErrors.describe(error))));
            }
        });
        return pending.reply();
    }

    private void received(long from, String text) {
        if (from != generation) {
            return;
        }
        JanusMessage message;
        try {
            message = decoder.decode(text);
        } catch (JanusProtocolException e) {
            String failed = e.transaction()
                    .flatMap(transactions::get)
                    .map(pending -> {
                        transactions.fail(
                                pending.id(),
                                new MediaException(MediaError.PROTOCOL, pending.request() + ": " + e.getMessage()));
                        return pending.request();
                    })
                    .orElse("nothing pending");
            log.warn("unreadable message from Janus ({} failed): {}", failed, e.getMessage());
            return;
        }
        switch (message) {
            case JanusMessage.Success success -> transactions.complete(success.transaction(), success);
            case JanusMessage.PluginSuccess success -> transactions.complete(success.transaction(), success);
            case JanusMessage.ServerInfo info -> transactions.complete(info.transaction(), info);
            case JanusMessage.Pong pong -> transactions.complete(pong.transaction(), pong);
            case JanusMessage.ErrorReply error -> refused(error);
            case JanusMessage.Ack ack -> acknowledged(ack);
            case JanusMessage.Event event -> {
                boolean answered = event.transaction()
                        .filter(id -> transactions.get(id).isPresent())
                        .map(id -> transactions.complete(id, event))
                        .orElse(false);
                if (!answered) {
                    sessions.route(event.session(), event.sender(), event);
                }
            }
            case JanusMessage.WebrtcUp up -> sessions.route(up.session(), up.sender(), up);
            case JanusMessage.Media media -> sessions.route(media.session(), media.sender(), media);
            case JanusMessage.SlowLink slow -> sessions.route(slow.session(), slow.sender(), slow);
            case JanusMessage.Hangup hangup -> sessions.route(hangup.session(), hangup.sender(), hangup);
            case JanusMessage.Trickle trickle -> sessions.route(trickle.session(), trickle.sender(), trickle);
            case JanusMessage.Detached detached -> {
                sessions.route(detached.session(), detached.sender(), detached);
                sessions.removeHandle(detached.session(), detached.sender());
            }
            case JanusMessage.Timeout timeout -> sessions.gone(timeout.session(), "Janus timed the session out");
        }
    }

    private void refused(JanusMessage.ErrorReply error) {
        Optional<Transactions.Pending> pending = error.transaction().flatMap(transactions::get);
        if (pending.isEmpty()) {
            log.warn("Janus reported error {} outside any pending request: {}", error.code(), error.reason());
            return;
        }
        transactions.fail(
                pending.get().id(), new JanusErrorException(pending.get().request(), error.code(), error.reason()));
    }

    private void acknowledged(JanusMessage.Ack ack) {
        transactions
                .get(ack.transaction())
                .filter(Transactions.Pending::ackIsFinal)
                .ifPresent(pending -> transactions.complete(pending.id(), ack));
    }

    private void socketClosed(long from, String reason) {
        if (from != generation) {
            return;
        }
        if (socket == null) {
            lostWhileOpening = reason;
            return;
        }
        boolean wasConnected = connected;
        socket = null;
        connected = false;
        generation++;
        cancelKeepalive();
        sessions.clear();
        // The listener first, so that whoever continues a failed request already knows why.
        if (wasConnected) {
            log.warn("connection to Janus lost: {}", reason);
            listener.lost(reason);
        }
        transactions.failAll(MediaError.UNAVAILABLE, "connection to Janus lost: " + reason);
    }

    private void armKeepalive(long connection) {
        keepaliveTimer = scheduler.schedule(settings.keepalive(), () -> runOnExecutor(() -> keepalive(connection)));
    }

    private void keepalive(long connection) {
        if (connection != generation || socket == null) {
            return;
        }
        // Half a period idle: a session used just after one round gets its keepalive within 1.5 periods.
        Instant idleSince = clock.instant().minus(settings.keepalive().dividedBy(2));
        for (long session : sessions.idleSince(idleSince)) {
            request("keepalive", "keepalive", true, session, 0, body -> {}).whenComplete((ack, error) -> {
                if (JanusErrors.sessionGone(error).isPresent()) {
                    sessions.gone(session, "Janus no longer knows the session");
                } else if (error != null) {
                    log.debug("keepalive of Janus session {} failed: {}", session, JanusErrors.describe(error));
                }
            });
        }
        armKeepalive(connection);
    }

    private void cancelKeepalive() {
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
    }

    private <T> CompletableFuture<T> onExecutor(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        runOnExecutor(() -> {
            try {
                task.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(JanusErrors.unwrap(error));
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (executor.isShutdown() && !result.isDone()) {
            result.completeExceptionally(new MediaException(MediaError.UNAVAILABLE, "the Janus client is closed"));
        }
        return result;
    }

    private void runOnExecutor(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Janus client closed; task dropped");
        }
    }

    private static long newId(JanusMessage reply, String what) {
        if (reply instanceof JanusMessage.Success success && success.id().isPresent()) {
            return success.id().getAsLong();
        }
        throw JanusErrors.unexpected(what, reply);
    }

    /** Hops the socket's callbacks onto the client's thread, tagged with the connection they belong to. */
    private final class SocketListener implements JanusSocket.Listener {
        private final long connection;

        SocketListener(long connection) {
            this.connection = connection;
        }

        @Override
        public void onMessage(String text) {
            runOnExecutor(() -> received(connection, text));
        }

        @Override
        public void onClosed(String reason) {
            runOnExecutor(() -> socketClosed(connection, reason));
        }
    }
}
