package com.securevox.call.transport;

import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import com.securevox.call.signaling.Connections;
import com.securevox.call.signaling.SignalingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The network edge: Engine.IO 4 / Socket.IO 5 (websocket and long-polling, our own implementation on Netty, ADR 0003)
 * and the REST API on one port. Everything a client sends reaches {@link SignalingService} as {@link ConnectionId}s and
 * JSON trees; everything signaling sends comes back through {@link Connections}.
 */
public final class SocketIoTransport implements Connections, SocketIoConnection.Sockets {
    /** How long a long-polling client may take to fetch its close or disconnect before it is cut off. */
    public static final Duration HARD_CLOSE_AFTER = Duration.ofSeconds(2);

    /** Engine.IO's own upgrade timeout. */
    private static final int UPGRADE_TIMEOUT_MILLIS = 10_000;

    private final TransportSettings settings;
    private final Map<ConnectionId, SocketIoConnection> sockets = new ConcurrentHashMap<>();
    private final ExecutorService apiExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Optional<ReloadingTls> tls;
    private final NettyMetrics metrics;
    private EngineIoServer engine;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    /** Set by {@link #start} before the server channel accepts anything; read by each accepted connection. */
    private volatile HttpPipeline pipeline;

    private int boundPort = -1;

    /**
     * @throws TlsException when TLS is configured and its files cannot serve: checked here, before anything starts
     */
    public SocketIoTransport(TransportSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.tls = settings.tls().map(ReloadingTls::load);
        this.metrics = new NettyMetrics(meters);
    }

    /**
     * Binds the port without accepting on it yet: from here until {@link #start}, a client's connection waits in the
     * kernel's accept queue instead of being refused. A server restarted under its clients (a deploy, a crash) starts
     * in about a second; clients refused meanwhile back off (socket.io: 1 s doubling to 5 s) and come back seconds after
     * it is ready, while those that reached the queue are served as soon as it is (docs/benchmarks.md, issue 17).
     *
     * @throws TransportStartException when the port cannot be bound (taken, not permitted, an address not ours)
     */
    public void listen() {
        if (serverChannel != null) {
            return;
        }
        boolean epoll = Epoll.isAvailable();
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = epoll ? new EpollEventLoopGroup(settings.ioThreads()) : new NioEventLoopGroup(settings.ioThreads());
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                // The kernel caps it at net.core.somaxconn (4096 on current kernels); beyond it a client's SYN is
                // dropped and resent by its TCP, which costs it a second, not a socket.io back-off.
                .option(ChannelOption.SO_BACKLOG, 4096)
                // Not accepting until start(): connections wait in the accept queue (see above).
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                // One allocator for every connection (each still gets its own handle): Netty's default is a new
                // allocator per channel, 40 bytes of each connection's memory for the same configuration.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        // Set before accepting began (start()), so every accepted connection finds it.
                        channel.pipeline().addLast(pipeline);
                    }
                });
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            shutdownLoops();
            throw new TransportStartException(
                    "host '" + settings.host() + "': not a known host name or address",
                    new UnresolvedAddressException());
        }
        ChannelFuture bind = bootstrap.bind(address).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownLoops();
            Throwable cause = bind.cause();
            throw new TransportStartException(
                    "port " + settings.port() + " on " + settings.host() + ": "
                            + (cause == null ? "not bound" : cause.getMessage()),
                    cause);
        }
        serverChannel = bind.channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Starts serving: binds the port first unless {@link #listen} did, then accepts the connections that waited and
     * every later one.
     *
     * @throws TransportStartException when the port cannot be bound (taken, not permitted, an address not ours)
     */
    public void start(SignalingService signaling, HttpApi api, BooleanSupplier draining) {
        listen();
        int maxPayload = settings.maxPayloadBytes();
        engine = new EngineIoServer(
                new EngineSettings(
                        settings.pingIntervalMillis(),
                        settings.pingTimeoutMillis(),
                        maxPayload,
                        4 * maxPayload,
                        UPGRADE_TIMEOUT_MILLIS,
                        settings.connectTimeoutMillis(),
                        Math.toIntExact(HARD_CLOSE_AFTER.toMillis())),
                signaling,
                this,
                settings.trustedProxy());
        OriginCheck origins = new OriginCheck(settings.allowedOrigin());
        pipeline = new HttpPipeline(
                settings,
                tls,
                () -> new HttpGuard(api),
                () -> new BodyLimit(api, settings.maxApiBodyBytes(), maxPayload, engine::payloadTooLarge),
                () -> new LimitedAggregator(
                        maxPayload,
                        engine::payloadTooLarge,
                        () -> api.error(
                                HttpError.PAYLOAD_TOO_LARGE,
                                "body: larger than " + maxPayload + " bytes (expected: at most " + maxPayload + ")")),
                new UriCheck(api),
                new HandshakeGate(origins, draining, sid -> engine.session(sid) != null, api),
                new HttpApiHandler(api, apiExecutor, origins, settings.maxApiBodyBytes(), settings.trustedProxy()),
                new EngineIoHandler(engine));
        tls.ifPresent(ReloadingTls::start);
        metrics.allocator();
        metrics.eventLoops(workers);
        metrics.sessions(EngineIoServer::sessionCount, engine);
        serverChannel.config().setAutoRead(true);
    }

    public int port() {
        return boundPort;
    }

    @Override
    public void emit(ConnectionId to, String event, Object payload) {
        SocketIoConnection socket = sockets.get(to);
        if (socket != null) {
            socket.send(OutboundJson.event(event, payload));
        }
    }

    @Override
    public void emit(ConnectionId to, String event, Object payload, Runnable undelivered) {
        SocketIoConnection socket = sockets.get(to);
        if (socket == null) {
            undelivered.run();
        } else {
            socket.send(OutboundJson.event(event, payload), undelivered);
        }
    }

    /** The socket's current transport (a polling socket may have upgraded since it connected) and user agent. */
    @Override
    public Optional<ClientInfo> client(ConnectionId connection) {
        SocketIoConnection socket = sockets.get(connection);
        if (socket == null) {
            return Optional.empty();
        }
        return Optional.of(new ClientInfo(socket.session.transportName(), socket.session.handshake.userAgent()));
    }

    /**
     * Sends the socket a Socket.IO disconnect, queued behind whatever it was sent before (an {@code auth_error} must
     * reach a long-polling client before the session ends). A polling client that does not fetch it is cut off after
     * {@link #HARD_CLOSE_AFTER}.
     */
    @Override
    public void disconnect(ConnectionId connection) {
        SocketIoConnection socket = sockets.get(connection);
        if (socket == null) {
            return;
        }
        socket.disconnect();
    }

    @Override
    public void reconnect(ConnectionId connection) {
        SocketIoConnection socket = sockets.get(connection);
        if (socket != null) {
            socket.closeTransport();
        }
    }

    @Override
    public void connected(SocketIoConnection socket) {
        sockets.put(socket.id, socket);
    }

    @Override
    public void disconnected(SocketIoConnection socket) {
        sockets.remove(socket.id, socket);
    }

    /**
     * Closes every session's transport, without a Socket.IO disconnect, as a process that exits does: the end of a
     * drain. Clients see their transport close and reconnect by themselves after their back-off, to the next process
     * on a restart; a Socket.IO disconnect would have had {@code sdk/js} reconnect at once, into this draining
     * process (503) and then a closed port, each refusal growing its back-off before the next process even listens.
     * A long-polling client fetches an Engine.IO close packet, within {@link #HARD_CLOSE_AFTER}.
     */
    public void closeAll() {
        sockets.values().forEach(SocketIoConnection::closeTransport);
        if (engine != null) {
            // Sessions that never connected a socket.
            for (EngineSession session : engine.all()) {
                session.execute(() -> session.drop("the server is stopping"));
            }
        }
    }

    /** Sessions still open, closing ones included: stopping waits for polling clients to fetch their disconnect. */
    public int connectionCount() {
        return engine == null ? 0 : engine.sessionCount();
    }

    public void stop() {
        tls.ifPresent(ReloadingTls::close);
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        shutdownLoops();
        apiExecutor.close();
    }

    private void shutdownLoops() {
        // No quiet period: by the time we stop, every session has been told and given its time.
        if (workers != null) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
