package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Janus's Admin API, read only: the sessions, a session's handles and a handle's media statistics. One WebSocket
 * ({@code janus-admin-protocol}), opened on the first request and again on the next one after it closed; each request
 * waits for the reply with its transaction, at most {@code timeout}. Its methods block: call them from a virtual
 * thread, never an event loop. Separate from {@link JanusClient}, so that nothing here can touch a call's media.
 */
final class JanusAdminClient implements AutoCloseable {
    /** A handle_info of a publisher is a few kilobytes; more than this is not one. */
    static final int MAX_MESSAGE_CHARS = 1 << 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JanusAdminEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private JanusSocket socket;

    JanusAdminClient(JanusAdminEndpoint endpoint, HttpClient http, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    List<Long> sessions() throws IOException {
        return ask(request("list_sessions"), AdminReplies::sessions);
    }

    List<Long> handles(long session) throws IOException {
        return ask(request("list_handles").put("session_id", session), AdminReplies::handles);
    }

    HandleStats handleInfo(long session, long handle) throws IOException {
        return ask(
                request("handle_info").put("session_id", session).put("handle_id", handle), AdminReplies::handleInfo);
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        failPending("closed");
    }

    private ObjectNode request(String kind) {
        return NODES.objectNode().put("janus", kind).put("admin_secret", endpoint.secret());
    }

    /**
     * Sends {@code request} and reads its reply with {@code read}.
     *
     * @throws IOException when Janus cannot be reached or does not answer in time
     * @throws JanusErrorException when Janus answers with an error
     * @throws JanusProtocolException when the reply is not what Janus sends
     */
    private <T> T ask(ObjectNode request, Function<JsonNode, T> read) throws IOException {
        String transaction = "a" + transactions.incrementAndGet();
        request.put("transaction", transaction);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(transaction, reply);
        try {
            connected().send(request.toString()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return read.apply(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new IOException(
                    "janus admin api: no answer to " + request.get("janus").asText() + " in " + timeout);
        } catch (ExecutionException e) {
            throw new IOException(
                    "janus admin api at " + endpoint.url() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("janus admin api: interrupted", e);
        } finally {
            pending.remove(transaction);
        }
    }

    private synchronized JanusSocket connected() throws ExecutionException, InterruptedException, TimeoutException {
        if (socket == null) {
            socket = JanusSocket.open(
                            http,
                            endpoint.url(),
                            JanusSocket.ADMIN_SUBPROTOCOL,
                            timeout,
                            MAX_MESSAGE_CHARS,
                            new JanusSocket.Listener() {
                                @Override
                                public void onMessage(String text) {
                                    received(text);
                                }

                                @Override
                                public void onClosed(String reason) {
                                    lost(reason);
                                }
                            })
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return socket;
    }

    /** A reply goes to its request; one that is not JSON, or answers nothing we wait for, is dropped. */
    private void received(String text) {
        JsonNode reply;
        try {
            reply = JanusDecoder.tree(text);
        } catch (JanusProtocolException e) {
            return;
        }
        AdminReplies.transaction(reply).map(pending::get).ifPresent(waiting -> waiting.complete(reply));
    }

    private synchronized void lost(String reason) {
        socket = null;
        failPending(reason);
    }

    private void failPending(String reason) {
        pending.values()
                .forEach(waiting -> waiting.completeExceptionally(new IOException("connection lost: " + reason)));
    }
}
