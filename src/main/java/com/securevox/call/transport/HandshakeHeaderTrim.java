package com.securevox.call.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Set;

/**
 * netty-socketio keeps the headers of the request that opened a session for the session's whole
 * life, and reads only {@code Origin} from them again. A browser's cookies, client hints and
 * {@code Accept-*} headers can be kilobytes per socket, so a session-opening request keeps only the
 * headers the WebSocket upgrade, the library and we need.
 */
@ChannelHandler.Sharable
final class HandshakeHeaderTrim extends ChannelInboundHandlerAdapter {
    /** Lower case: the names as Netty compares them. */
    static final Set<AsciiString> KEPT = Set.of(
            HttpHeaderNames.HOST,
            HttpHeaderNames.ORIGIN,
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.UPGRADE,
            HttpHeaderNames.SEC_WEBSOCKET_KEY,
            HttpHeaderNames.SEC_WEBSOCKET_VERSION,
            HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL,
            HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
            HttpHeaderNames.CONTENT_LENGTH,
            HttpHeaderNames.CONTENT_TYPE,
            // What a call history or a proxy-aware address needs to know about the client.
            HttpHeaderNames.USER_AGENT,
            AsciiString.cached("x-forwarded-for"),
            AsciiString.cached("x-forwarded-proto"),
            AsciiString.cached("x-real-ip"),
            AsciiString.cached("forwarded"));

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request
                && Paths.isSocketIo(request.uri())
                && Paths.opensSession(request.uri())) {
            trim(request.headers());
        }
        ctx.fireChannelRead(msg);
    }

    static void trim(HttpHeaders headers) {
        List<String> dropped = headers.names().stream()
                .filter(name -> !KEPT.contains(AsciiString.of(name).toLowerCase()))
                .toList();
        dropped.forEach(headers::remove);
    }
}
