package com.securevox.call.transport;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.signaling.SignalingService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO sessions of this server and how they start: a long-polling handshake, a websocket that opens a session,
 * or one that upgrades an existing session. Each new session gets its Socket.IO layer.
 */
final class EngineIoServer implements EngineSession.Host {
    private static final Logger log = LoggerFactory.getLogger(EngineIoServer.class);
    private static final int ID_BYTES = 15;

    private final EngineSettings settings;
    private final SignalingService signaling;
    private final SocketIoConnection.Sockets sockets;
    private final Predicate<InetAddress> trustedProxy;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final UserAgents userAgents = new UserAgents();
    private final SecureRandom random = new SecureRandom();

    EngineIoServer(
            EngineSettings settings,
            SignalingService signaling,
            SocketIoConnection.Sockets sockets,
            Predicate<InetAddress> trustedProxy) {
        this.settings = settings;
        this.signaling = signaling;
        this.sockets = sockets;
        this.trustedProxy = trustedProxy;
    }

    @Override
    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void removed(EngineSession session) {
        sessions.remove(session.sid, session);
    }

    EngineSession session(String sid) {
        return sessions.get(sid);
    }

    /** A POST over {@code maxPayload} was refused: its session ends (the client cannot trust what it sent). */
    void payloadTooLarge(String uri) {
        List<String> sid;
        try {
            sid = new QueryStringDecoder(uri).parameters().get("sid");
        } catch (IllegalArgumentException e) {
            return;
        }
        EngineSession session = sid == null || sid.size() != 1 ? null : sessions.get(sid.get(0));
        if (session != null) {
            session.execute(() -> session.close("payload over " + settings.maxPayload() + " bytes"));
        }
    }

    /** Sessions not yet gone, closing ones included (a polling client may still be fetching its disconnect). */
    int sessionCount() {
        return sessions.size();
    }

    void openPolling(ChannelHandlerContext ctx, FullHttpRequest request) {
        EngineSession session = newSession(ctx, request);
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        new PollingRequest(ctx, HttpUtil.isKeepAlive(request), origin).answer(openPacket(session.sid, true));
    }

    void openWebsocket(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketServerHandshaker handshaker) {
        if (!handshake(ctx, request, handshaker)) {
            return;
        }
        EngineSession session = newSession(ctx, request);
        ctx.channel().writeAndFlush(new TextWebSocketFrame(openPacket(session.sid, false)));
        startFrames(ctx.pipeline(), session);
        session.execute(() -> session.attachWebsocket(ctx.channel()));
    }

    /** The handshake of a websocket the session has already reserved its upgrade for. On the connection's loop. */
    void upgrade(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            WebSocketServerHandshaker handshaker,
            EngineSession session) {
        if (!handshake(ctx, request, handshaker)) {
            session.execute(() -> session.onChannelClosed(ctx.channel()));
            return;
        }
        startFrames(ctx.pipeline(), session);
    }

    private EngineSession newSession(ChannelHandlerContext ctx, FullHttpRequest request) {
        String sid = newId();
        EngineSession session =
                new EngineSession(sid, ctx.channel().eventLoop(), handshakeInfo(ctx, request.headers()), this);
        sessions.put(sid, session);
        SocketIoConnection socket = new SocketIoConnection(new ConnectionId(newId()), session, signaling, sockets);
        session.execute(() -> {
            session.open(socket);
            socket.startConnectDeadline(settings.connectTimeoutMillis());
        });
        return session;
    }

    /** Netty's websocket handshake; on failure the client got a 400 and the connection stays HTTP. */
    private boolean handshake(
            ChannelHandlerContext ctx, FullHttpRequest request, WebSocketServerHandshaker handshaker) {
        try {
            handshaker.handshake(ctx.channel(), request);
            return true;
        } catch (RuntimeException e) {
            log.debug("websocket handshake refused remote={}: {}", ctx.channel().remoteAddress(), e.toString());
            EngineIoHandler.refuse(ctx, request, EngineError.BAD_REQUEST);
            return false;
        }
    }

    /** From here on the connection carries websocket frames: the HTTP handlers go, the session's frame handler comes. */
    private void startFrames(ChannelPipeline pipeline, EngineSession session) {
        for (String name : HttpPipeline.HTTP_ONLY) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.addLast("wsAggregator", new WebSocketFrameAggregator(settings.maxPayload()));
        pipeline.addLast("wsFrames", new WebSocketFrames(session));
    }

    private String openPacket(String sid, boolean polling) {
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (polling ? "[\"websocket\"]" : "[]") + ",\"pingInterval\":"
                + settings.pingIntervalMillis() + ",\"pingTimeout\":" + settings.pingTimeoutMillis()
                + ",\"maxPayload\":" + settings.maxPayload() + "}";
    }

    private HandshakeInfo handshakeInfo(ChannelHandlerContext ctx, HttpHeaders headers) {
        String userAgent = userAgents.shared(headers.get(HttpHeaderNames.USER_AGENT, ""));
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress address)) {
            return new HandshakeInfo(String.valueOf(ctx.channel().remoteAddress()), userAgent);
        }
        ForwardedClient.Client client = ForwardedClient.resolve(
                address.getAddress(),
                trustedProxy,
                headers.getAll(ForwardedClient.X_FORWARDED_FOR),
                headers.getAll(ForwardedClient.X_FORWARDED_PROTO));
        return new HandshakeInfo(client.address(), userAgent);
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Every session, for the end of a drain. */
    Iterable<EngineSession> all() {
        return sessions.values();
    }
}
