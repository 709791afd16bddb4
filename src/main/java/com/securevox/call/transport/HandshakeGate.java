package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiResponse;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Guards Socket.IO requests before Engine.IO sees them: browser origins not on the CORS list get
 * 403, and new sessions get 503 while the server drains. So does a request for a session this server
 * does not hold while it drains: behind a load balancer that routes by call and retries the next
 * server on 503, a polling session opened elsewhere when this server refused it must reach that
 * server on its later requests too (rather than an Engine.IO 400 here). Everything else passes
 * through. A server cut off from Redis while other servers reach it refuses the same way, for the same load balancer
 * to pass its calls' members on to the server that takes their call.
 */
@ChannelHandler.Sharable
final class HandshakeGate extends ChannelInboundHandlerAdapter {
    static final String REFUSED =
            "the server takes no new sessions (it is shutting down, or cut off from Redis while other servers reach it)";

    private final OriginCheck origins;
    private final BooleanSupplier draining;
    private final Predicate<String> holds;
    private final HttpApi api;

    /**
     * @param draining whether new sessions are refused: the server drains, or is cut off from Redis alone
     * @param holds whether this server holds the Engine.IO session of a {@code sid}
     */
    HandshakeGate(OriginCheck origins, BooleanSupplier draining, Predicate<String> holds, HttpApi api) {
        this.origins = origins;
        this.draining = draining;
        this.holds = holds;
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && Paths.isSocketIo(request.uri())) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (!origins.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
                refuse(ctx, request, api.error(HttpError.FORBIDDEN, "Origin: '" + origin + "' is not allowed"));
                return;
            }
            if (draining.getAsBoolean() && Paths.opensSession(request.uri())) {
                refuse(ctx, request, api.error(HttpError.SERVER_DRAINING, REFUSED));
                return;
            }
            if (draining.getAsBoolean() && !holds.test(Paths.sid(request.uri()))) {
                // Not Engine.IO's 400: a load balancer retries a 503 on the server that holds the session.
                refuse(ctx, request, api.error(HttpError.SERVER_DRAINING, REFUSED));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ApiResponse error) {
        try {
            FullHttpResponse response = HttpResponses.of(error, false);
            HttpResponses.send(ctx, HttpUtil.isKeepAlive(request), response);
        } finally {
            request.release();
        }
    }
}
