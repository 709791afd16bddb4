package com.securevox.call.transport;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.signaling.ClientEventType;
import com.securevox.call.signaling.Connections;
import com.securevox.call.signaling.Reply;
import com.securevox.call.signaling.SignalingException;
import com.securevox.call.signaling.SignalingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place netty-socketio is used: Socket.IO v4 (websocket and long-polling) and the REST API
 * on one Netty server. Everything the library delivers is handed to {@link SignalingService} as
 * {@link ConnectionId}s and JSON trees; everything signaling sends comes back through {@link
 * Connections}.
 */
public final class SocketIoTransport implements Connections {
    private static final Logger log = LoggerFactory.getLogger(SocketIoTransport.class);

    /** How long a socket told to disconnect may take to close its end. */
    public static final Duration HARD_CLOSE_AFTER = Duration.ofSeconds(2);

    private final TransportSettings settings;
    private final Map<ConnectionId, Socket> clients = new ConcurrentHashMap<>();

    /**
     * A connected socket and the event loop it connected on. Sends from other threads (timers) hop
     * onto that loop: netty-socketio's long-polling hand-off between a waiting GET and a sender on
     * another thread is racy (ADR 0002), so sends are kept on the socket's loop where we can.
     */
    private record Socket(SocketIOClient client, EventExecutor loop) {
        void run(Runnable action) {
            if (loop == null || loop.inEventLoop()) {
                action.run();
            } else {
                loop.execute(action);
            }
        }
    }

    private final ExecutorService apiExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Optional<ReloadingTls> tls;
    private SocketIOServer server;
    private volatile boolean bound;
    private int boundPort = -1;

    private final NettyMetrics metrics;

    /**
     * @throws TlsException when TLS is configured and its files cannot serve: checked here, before anything starts
     */
    public SocketIoTransport(TransportSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.tls = settings.tls().map(ReloadingTls::load);
        this.metrics = new NettyMetrics(meters);
    }

    /** Binds the port and starts serving; returns once the port is bound. */
    public void start(SignalingService signaling, HttpApi api, BooleanSupplier draining) {
        server = new SocketIOServer(configuration());
        OriginCheck origins = new OriginCheck(settings.allowedOrigin());
        server.setPipelineFactory(new CallChannelInitializer(
                settings,
                new HandshakeGate(origins, draining, api),
                new HttpApiHandler(api, apiExecutor, origins, settings.maxApiBodyBytes(), settings.trustedProxy()),
                api,
                tls,
                metrics));
        tls.ifPresent(ReloadingTls::start);
        metrics.allocator();
        server.addConnectListener(client -> {
            ConnectionId id = idOf(client);
            clients.put(id, new Socket(client, ThreadExecutorMap.currentExecutor()));
            signaling.connected(id, remote(client));
        });
        server.addDisconnectListener(client -> {
            ConnectionId id = idOf(client);
            clients.remove(id);
            signaling.disconnected(id);
        });
        server.getNamespace(Namespace.DEFAULT_NAME)
                .addAuthTokenListener((authData, client) -> handshake(signaling, authData, client));
        for (ClientEventType type : ClientEventType.values()) {
            server.addEventListener(
                    type.wireName(),
                    JsonNode.class,
                    (client, data, ack) -> signaling.onEvent(idOf(client), type, data, reply(ack)));
        }
        var bind = server.startAsync().syncUninterruptibly();
        bound = true;
        // netty-socketio returns the bind future typed as Future<Void>; it is Netty's ChannelFuture.
        if (bind instanceof ChannelFuture channelFuture
                && channelFuture.channel().localAddress() instanceof InetSocketAddress address) {
            boundPort = address.getPort();
        } else {
            boundPort = settings.port();
        }
    }

    public int port() {
        return boundPort;
    }

    @Override
    public void emit(ConnectionId to, String event, Object payload) {
        Socket socket = clients.get(to);
        if (socket != null) {
            socket.run(() -> socket.client().sendEvent(event, payload));
        }
    }

    /** The socket's current transport (a polling socket may have upgraded since it connected) and user agent. */
    @Override
    public Optional<ClientInfo> client(ConnectionId connection) {
        Socket socket = clients.get(connection);
        if (socket == null) {
            return Optional.empty();
        }
        SocketIOClient client = socket.client();
        String userAgent = client.getHandshakeData() == null
                ? ""
                : client.getHandshakeData().getHttpHeaders().get(HttpHeaderNames.USER_AGENT);
        Transport transport = client.getTransport();
        return Optional.of(new ClientInfo(
                transport == null ? "unknown" : transport.getValue(), userAgent == null ? "" : userAgent));
    }

    /**
     * Sends the socket a Socket.IO disconnect, queued behind whatever it was sent before (an {@code
     * auth_error} must reach a long-polling client before the session ends). Clients close on it; a
     * client that does not is cut off after {@link #HARD_CLOSE_AFTER}.
     */
    @Override
    public void disconnect(ConnectionId connection) {
        Socket socket = clients.get(connection);
        if (socket == null) {
            return;
        }
        socket.run(() -> socket.client().disconnect());
        CompletableFuture.delayedExecutor(HARD_CLOSE_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (clients.get(connection) == socket
                            && socket.client() instanceof NamespaceClient namespaceClient) {
                        socket.run(() -> namespaceClient.getBaseClient().disconnect());
                    }
                });
    }

    /** Asks every socket to disconnect: the end of a drain. */
    public void disconnectAll() {
        clients.keySet().forEach(this::disconnect);
    }

    /** Sockets still connected. */
    public int connectionCount() {
        return clients.size();
    }

    public void stop() {
        tls.ifPresent(ReloadingTls::close);
        if (bound) {
            server.stop();
        }
        apiExecutor.close();
    }

    private AuthTokenResult handshake(SignalingService signaling, Object authData, SocketIOClient client) {
        ConnectionId id = idOf(client);
        Optional<String> token = HandshakeAuth.token(authData);
        if (token.isEmpty()) {
            return HandshakeAuth.problem(authData)
                    .map(SocketIoTransport::refusal)
                    .orElse(AuthTokenResult.AuthTokenResultSuccess);
        }
        Optional<SignalingException> refused = signaling.authenticateHandshake(id, remote(client), token.get());
        if (refused.isPresent()) {
            return refusal(refused.get());
        }
        // The library sends the namespace CONNECT after this returns; announce after it.
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop != null) {
            loop.execute(() -> signaling.announceAuthenticated(id));
        } else {
            signaling.announceAuthenticated(id);
        }
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    /** A CONNECT_ERROR whose data makes the JS client's {@code connect_error} message the code. */
    private static AuthTokenResult refusal(SignalingException e) {
        return new AuthTokenResult(
                false,
                Map.of(
                        "message",
                        e.code().name(),
                        "data",
                        Map.of("code", e.code().name(), "message", e.getMessage())));
    }

    private Configuration configuration() {
        Configuration config = new Configuration();
        config.setHostname(settings.host());
        config.setPort(settings.port());
        config.setContext(Paths.SOCKET_IO);
        // Non-Socket.IO paths go on to our REST handler instead of a bare 400.
        config.setAllowCustomRequests(true);
        config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        config.setMaxHttpContentLength(settings.maxPayloadBytes());
        config.setMaxFramePayloadLength(settings.maxPayloadBytes());
        config.setPingInterval(settings.pingIntervalMillis());
        config.setPingTimeout(settings.pingTimeoutMillis());
        config.setAckMode(AckMode.MANUAL);
        config.setJsonSupport(new ContractJsonSupport());
        config.setRandomSession(true);
        // Per-connection deflate contexts cost far more memory than signaling messages save.
        config.setWebsocketCompression(false);
        config.setHttpCompression(false);
        config.setAddVersionHeader(false);
        config.setBossThreads(1);
        config.setWorkerThreads(settings.ioThreads());
        config.setUseLinuxNativeEpoll(Epoll.isAvailable());
        config.setExceptionListener(new QuietExceptionListener());
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setTcpNoDelay(true);
        config.setSocketConfig(socket);
        return config;
    }

    private static Reply reply(AckRequest ack) {
        return new Reply() {
            @Override
            public boolean requested() {
                return ack.isAckRequested();
            }

            @Override
            public void send(Object payload) {
                ack.sendAckData(payload);
            }
        };
    }

    private static ConnectionId idOf(SocketIOClient client) {
        return new ConnectionId(client.getSessionId().toString());
    }

    /**
     * The client's address for logs and limits: the peer's, or the one a trusted proxy forwarded when the session
     * opened (later polling requests may come on other connections of the same proxy).
     */
    private String remote(SocketIOClient client) {
        if (!(client.getRemoteAddress() instanceof InetSocketAddress address)) {
            return String.valueOf(client.getRemoteAddress());
        }
        HttpHeaders headers = client.getHandshakeData() == null
                ? EmptyHttpHeaders.INSTANCE
                : client.getHandshakeData().getHttpHeaders();
        ForwardedClient.Client forwarded = ForwardedClient.resolve(
                address.getAddress(),
                settings.trustedProxy(),
                headers.getAll(ForwardedClient.X_FORWARDED_FOR),
                headers.getAll(ForwardedClient.X_FORWARDED_PROTO));
        forwarded
                .proto()
                .ifPresent(proto -> log.debug(
                        "forwarded session={} remote={} proto={} proxy={}",
                        client.getSessionId(),
                        forwarded.address(),
                        proto,
                        address.getAddress().getHostAddress()));
        return forwarded.address();
    }
}
