package com.securevox.call.janus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket to Janus ({@code janus-protocol}), as whole text messages: the JDK hands a message over in parts (one
 * per frame, or smaller), which are joined here up to {@code maxMessageChars}; a longer message ends the connection,
 * since the rest of it could not be read as Janus anyway. Sends are queued, because the JDK allows one outstanding
 * send at a time.
 *
 * <p>{@link Listener#onClosed} is called once, whatever ended the connection (Janus closed it, the TCP connection
 * broke, a message was too long), unless we closed it ourselves. Listener methods are called serially on the
 * HttpClient's threads, in the order the messages arrived; they must not block.
 */
final class JanusSocket {
    static final String SUBPROTOCOL = "janus-protocol";
    static final String ADMIN_SUBPROTOCOL = "janus-admin-protocol";

    interface Listener {
        void onMessage(String text);

        void onClosed(String reason);
    }

    private final WebSocket socket;
    private final Receiver receiver;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private JanusSocket(WebSocket socket, Receiver receiver) {
        this.socket = socket;
        this.receiver = receiver;
    }

    static CompletableFuture<JanusSocket> open(
            HttpClient http, URI url, Duration connectTimeout, int maxMessageChars, Listener listener) {
        return open(http, url, SUBPROTOCOL, connectTimeout, maxMessageChars, listener);
    }

    /** The same on another of Janus's subprotocols: {@link #ADMIN_SUBPROTOCOL} for its Admin API. */
    static CompletableFuture<JanusSocket> open(
            HttpClient http,
            URI url,
            String subprotocol,
            Duration connectTimeout,
            int maxMessageChars,
            Listener listener) {
        Receiver receiver = new Receiver(maxMessageChars, Objects.requireNonNull(listener, "listener"));
        return http.newWebSocketBuilder()
                .subprotocols(subprotocol)
                .connectTimeout(connectTimeout)
                .buildAsync(url, receiver)
                .thenApply(socket -> new JanusSocket(socket, receiver));
    }

    /** Sends one text message after the ones sent before it; completes when the JDK has written it. */
    synchronized CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> sent = sending.handle((ignored, error) -> null)
                .thenCompose(ignored -> socket.sendText(text, true))
                .thenApply(ignored -> null);
        sending = sent;
        return sent;
    }

    /** Ends the connection at once, without telling the listener. */
    void close() {
        receiver.closed.set(true);
        socket.abort();
    }

    private static final class Receiver implements WebSocket.Listener {
        private final int maxMessageChars;
        private final Listener listener;
        private final AtomicBoolean closed = new AtomicBoolean();
        private StringBuilder message = new StringBuilder();

        Receiver(int maxMessageChars, Listener listener) {
            this.maxMessageChars = maxMessageChars;
            this.listener = listener;
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (closed.get()) {
                return null;
            }
            if (message.length() + data.length() > maxMessageChars) {
                message = new StringBuilder();
                end(
                        socket,
                        "Janus sent a message of more than " + maxMessageChars + " characters (expected: at most "
                                + maxMessageChars + ")");
                return null;
            }
            message.append(data);
            if (last) {
                String text = message.toString();
                // A rare large message should not keep its buffer for the life of the connection.
                message = message.capacity() > 64 * 1024 ? new StringBuilder() : message.delete(0, message.length());
                listener.onMessage(text);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            end(socket, "Janus sent a binary message (expected: text)");
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            report("Janus closed the connection: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            report("connection to Janus failed: " + Objects.requireNonNullElse(error.getMessage(), error.toString()));
        }

        private void end(WebSocket socket, String reason) {
            report(reason);
            socket.abort();
        }

        private void report(String reason) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(reason);
            }
        }
    }
}
