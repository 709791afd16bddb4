package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * The official Java Socket.IO client with every received event recorded, so tests can wait for
 * "the next X" without racing the listener registration.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * One OkHttp client for every socket. The engine.io client's default one keeps OkHttp's limit of
     * 5 concurrent requests per host, and both a long-poll GET and a websocket's reader hold such a
     * slot for as long as they live: a sixth socket to 127.0.0.1 would hang.
     */
    private static final OkHttpClient HTTP = newHttp();

    private final Socket socket;
    private final List<Received> received = new ArrayList<>();
    private final List<Received> log = new ArrayList<>();

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
        return connect(url, via, token, Map.of());
    }

    /** Connects with extra HTTP headers on every handshake request (for example {@code Origin}). */
    public static TestClient connect(String url, Via via, String token, Map<String, List<String>> headers) {
        return connect(url, via, token, headers, HTTP);
    }

    /** Connects through {@code http}, for example one that trusts a test CA. */
    public static TestClient connect(String url, Via via, String token, OkHttpClient http) {
        return connect(url, via, token, Map.of(), http);
    }

    private static TestClient connect(
            String url, Via via, String token, Map<String, List<String>> headers, OkHttpClient http) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = via == Via.WEBSOCKET ? new String[] {"websocket"} : new String[] {"polling"};
        options.callFactory = http;
        options.webSocketFactory = http;
        options.extraHeaders = headers;
        if (token != null) {
            options.auth = Map.of("token", token);
        }
        Socket socket = IO.socket(URI.create(url), options);
        TestClient client = new TestClient(socket);
        socket.connect();
        return client;
    }

    /** Connects with a freshly minted token for that user and call and waits for {@code authenticated}. */
    public static TestClient authenticated(ServerProcess server, Via via, String userId, String sessionId) {
        TestClient client = connect(server.url(), via, Http.token(server, userId, sessionId));
        client.await("authenticated");
        return client;
    }

    /** {@link #authenticated} then {@code join_call}; the ack must be ok. */
    public static TestClient joined(ServerProcess server, Via via, String userId, String sessionId) {
        TestClient client = authenticated(server, via, userId, sessionId);
        client.join(new JSONObject().put("sessionId", sessionId));
        client.await("call_joined");
        return client;
    }

    /** Emits {@code join_call} with that payload and returns the ack, which must be ok. */
    public JSONObject join(JSONObject payload) {
        JSONObject ack = call("join_call", payload);
        assertThat(ack.optBoolean("ok")).as("join_call ack %s", ack).isTrue();
        return ack;
    }

    /** A fresh id such as {@code call_3f2a9c1b}, so tests never share a call or user. */
    public static String fresh(String prefix) {
        return prefix + "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    public Socket socket() {
        return socket;
    }

    /** Emits without an acknowledgement. */
    public void emit(String event, Object payload) {
        socket.emit(event, payload);
    }

    /**
     * Emits an event without payload that the Java client reserves for itself, as other clients may:
     * the Dart {@code socket_io_client} emits {@code disconnecting} when it closes.
     */
    public void emitReserved(String event) {
        Reserved.allow(event);
        socket.emit(event);
    }

    /** Emits with an acknowledgement and waits for it. */
    public JSONObject call(String event, Object payload) {
        return ack(event, new Object[] {payload});
    }

    /** Emits an event without any payload, with an acknowledgement, and waits for it. */
    public JSONObject callWithoutPayload(String event) {
        return ack(event, new Object[0]);
    }

    /** Emits with an acknowledgement; the future completes with it. */
    public CompletableFuture<JSONObject> send(String event, Object payload) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) args -> reply.complete((JSONObject) args[0]));
        return reply;
    }

    private JSONObject ack(String event, Object[] args) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, args, (Ack) a -> reply.complete((JSONObject) a[0]));
        return get(reply, "an ack for " + event);
    }

    /** Waits for a future for at most {@link #WAIT}. */
    public <T> T get(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT + "; received: " + events(), e);
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
                throw new AssertionError("no " + event + " within " + timeout + "; received: " + describe());
            }
            waitNanos(left);
        }
    }

    /** Waits until {@code count} not yet consumed events of that name have arrived; consumes them. */
    public synchronized List<Received> await(String event, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all(event).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "only " + all(event).size() + " of " + count + " " + event + " within " + timeout);
            }
            waitNanos(left);
        }
        List<Received> taken = new ArrayList<>();
        for (var it = received.iterator(); it.hasNext() && taken.size() < count; ) {
            Received r = it.next();
            if (r.event().equals(event)) {
                taken.add(r);
                it.remove();
            }
        }
        return taken;
    }

    /**
     * A bounded negative check: for the whole window, no not yet consumed event of those names
     * arrives. Fails as soon as one does.
     */
    public synchronized void assertNothing(Duration window, String... events) {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            for (String event : events) {
                assertThat(all(event))
                        .as("%s received during a %s window", event, window)
                        .isEmpty();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            waitNanos(left);
        }
    }

    /** Whether an event of that name has arrived (and not been consumed). */
    public synchronized boolean has(String event) {
        return received.stream().anyMatch(r -> r.event().equals(event));
    }

    public synchronized List<Received> all(String event) {
        return received.stream().filter(r -> r.event().equals(event)).toList();
    }

    /** Names of the not yet consumed events, in arrival order. */
    public synchronized List<String> events() {
        return received.stream().map(Received::event).toList();
    }

    /** Every event received so far with its payload (shortened), for failure messages. */
    public synchronized String describe() {
        StringBuilder out = new StringBuilder();
        for (Received r : log) {
            String payload = String.valueOf(r.payload());
            out.append("\n  ")
                    .append(r.event())
                    .append(' ')
                    .append(payload.length() > 300 ? payload.substring(0, 300) + "…" : payload);
        }
        return out.toString();
    }

    /** Every event received since construction, consumed or not, in arrival order. */
    public synchronized List<Received> log() {
        return List.copyOf(log);
    }

    public boolean connected() {
        return socket.connected();
    }

    private synchronized void record(String event, Object payload) {
        Received r = new Received(event, payload);
        received.add(r);
        log.add(r);
        notifyAll();
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    /** Reaches the client's (mutable, protected) table of reserved event names. */
    private static final class Reserved extends Socket {
        private Reserved() {
            super(null, null, null);
        }

        static synchronized void allow(String event) {
            RESERVED_EVENTS.remove(event);
        }
    }

    /** A client like the shared one, for callers that add to it (TLS trust): {@code http().newBuilder()}. */
    public static OkHttpClient http() {
        return HTTP;
    }

    private static OkHttpClient newHttp() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(100_000);
        dispatcher.setMaxRequestsPerHost(100_000);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
    }
}
