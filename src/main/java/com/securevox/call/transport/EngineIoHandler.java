package com.securevox.call.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Engine.IO's HTTP side: checks every {@code /socket.io/} request (version, transport, session id, method) and answers
 * the faults with Engine.IO's 400s, opens sessions, and hands polling requests and websocket upgrades to their
 * session. Sessions themselves live in {@link EngineIoServer}.
 */
@ChannelHandler.Sharable
final class EngineIoHandler extends ChannelInboundHandlerAdapter {
    /** Our session ids: base64url, fixed length. Anything else is answered as unknown without a look-up. */
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final EngineIoServer server;

    EngineIoHandler(EngineIoServer server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (request.method().equals(HttpMethod.OPTIONS) && origin != null) {
            HttpApiHandler.preflight(ctx, request, origin);
            return;
        }
        Map<String, List<String>> query;
        try {
            query = new QueryStringDecoder(request.uri()).parameters();
        } catch (IllegalArgumentException e) {
            // As engine.io reads it: an undecodable sid names no session; any other bad escape is a bad request.
            refuse(
                    ctx,
                    request,
                    Paths.undecodable(request.uri(), "sid") ? EngineError.UNKNOWN_SID : EngineError.BAD_REQUEST);
            return;
        }
        String transport = single(query, "transport");
        boolean websocket = "websocket".equals(transport);
        if (!websocket && !"polling".equals(transport)) {
            refuse(ctx, request, EngineError.UNKNOWN_TRANSPORT);
            return;
        }
        if (!"4".equals(single(query, "EIO"))) {
            refuse(ctx, request, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (query.containsKey("sid") && query.get("sid").size() != 1) {
            // Two sids name no one session; never read as none (that would open a session past the drain gate).
            refuse(ctx, request, EngineError.UNKNOWN_SID);
            return;
        }
        String sid = single(query, "sid");
        if (sid == null) {
            if (!request.method().equals(HttpMethod.GET)) {
                refuse(ctx, request, EngineError.BAD_HANDSHAKE_METHOD);
            } else if (websocket) {
                upgradeNew(ctx, request);
            } else {
                server.openPolling(ctx, request);
            }
            return;
        }
        EngineSession session = SID.matcher(sid).matches() ? server.session(sid) : null;
        if (session == null) {
            refuse(ctx, request, EngineError.UNKNOWN_SID);
            return;
        }
        if (websocket) {
            upgradeExisting(ctx, request, session);
            return;
        }
        PollingRequest polling = new PollingRequest(
                ctx, HttpUtil.isKeepAlive(request), request.headers().get(HttpHeaderNames.ORIGIN));
        if (request.method().equals(HttpMethod.GET)) {
            session.execute(() -> session.poll(polling));
        } else if (request.method().equals(HttpMethod.POST)) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            session.execute(() -> session.post(polling, body));
        } else {
            polling.fail(EngineError.BAD_REQUEST);
        }
    }

    private void upgradeNew(ChannelHandlerContext ctx, FullHttpRequest request) {
        WebSocketServerHandshaker handshaker = handshaker(ctx, request);
        if (handshaker != null) {
            server.openWebsocket(ctx, request, handshaker);
        }
    }

    /**
     * A websocket for an existing session: allowed once, for a polling session with no other upgrade under way. A
     * session already on websocket is never handed to a second one, whatever its sid says (that was a takeover).
     */
    private void upgradeExisting(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session) {
        WebSocketServerHandshaker handshaker = handshaker(ctx, request);
        if (handshaker == null) {
            return;
        }
        // The session decides on its own loop whether this websocket may take it over, and reserves the upgrade; the
        // handshake itself then runs on the connection's loop, which owns its pipeline.
        request.retain();
        session.execute(() -> {
            if (!session.canUpgrade()) {
                try {
                    refuse(ctx, request, EngineError.BAD_REQUEST);
                } finally {
                    request.release();
                }
                return;
            }
            session.beginUpgrade(ctx.channel());
            ctx.executor().execute(() -> {
                try {
                    server.upgrade(ctx, request, handshaker, session);
                } finally {
                    request.release();
                }
            });
        });
    }

    /** Netty's handshaker for a real websocket request, or null after answering 400 to anything else. */
    private WebSocketServerHandshaker handshaker(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, request, EngineError.BAD_REQUEST);
            return null;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + Paths.SOCKET_IO,
                        null,
                        false,
                        server.settings().maxPayload())
                .newHandshaker(request);
        if (handshaker == null) {
            refuse(ctx, request, EngineError.BAD_REQUEST);
        }
        return handshaker;
    }

    static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, EngineError error) {
        var response = EngineResponses.error(error);
        HttpResponses.allowOrigin(response, request.headers().get(HttpHeaderNames.ORIGIN));
        HttpResponses.send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }
}
