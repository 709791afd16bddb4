package com.securevox.call.it;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.json.JSONObject;

/**
 * The official Java Socket.IO client with every received event recorded, so tests can wait for
 * "the next X" without racing the listener registration.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final List<Received> received = new ArrayList<>();

    public record Received(String event, Object payload) {
        public JSONObject json() {
            return (JSONObject) payload;
        }
    }

    private TestClient(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(args -> record(String.valueOf(args[0]), args.length > 1 ? args[1] : null));
        socket.on(Socket.EVENT_CONNECT, args -> record("connect", null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> record("connect_error", args.length > 0 ? args[0] : null));
        socket.on(Socket.EVENT_DISCONNECT, args -> record("disconnect", args.length > 0 ? args[0] : null));
    }

    public enum Via {
        WEBSOCKET,
        POLLING
    }

    /** Connects, with {@code auth: {token}} when a token is given. Does not wait. */
    public static TestClient connect(String url, Via via, String token) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = via == Via.WEBSOCKET ? new String[] {"websocket"} : new String[] {"polling"};
        if (token != null) {
            options.auth = Map.of("token", token);
        }
        Socket socket = IO.socket(URI.create(url), options);
        TestClient client = new TestClient(socket);
        socket.connect();
        return client;
    }

    public Socket socket() {
        return socket;
    }

    public void emit(String event, Object payload) {
        socket.emit(event, payload);
    }

    /** Emits with an acknowledgement and waits for it. */
    public JSONObject call(String event, Object payload) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) args -> reply.complete((JSONObject) args[0]));
        try {
            return reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no ack for " + event + " within " + WAIT + "; received: " + events(), e);
        }
    }

    /** Waits for the next not yet consumed event of that name and consumes it. */
    public Received await(String event) {
        return await(event, WAIT);
    }

    public synchronized Received await(String event, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < received.size(); i++) {
                if (received.get(i).event().equals(event)) {
                    return received.remove(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + event + " within " + timeout + "; received: " + events());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether an event of that name has arrived (and not been consumed). */
    public synchronized boolean has(String event) {
        return received.stream().anyMatch(r -> r.event().equals(event));
    }

    public synchronized List<Received> all(String event) {
        return received.stream().filter(r -> r.event().equals(event)).toList();
    }

    public synchronized List<String> events() {
        return received.stream().map(Received::event).toList();
    }

    public boolean connected() {
        return socket.connected();
    }

    private synchronized void record(String event, Object payload) {
        received.add(new Received(event, payload));
        notifyAll();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
