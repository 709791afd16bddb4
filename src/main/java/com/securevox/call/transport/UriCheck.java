package com.securevox.call.transport;

import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Refuses an API request whose path or query does not decode (a bad percent-escape, bytes that are not UTF-8) with a
 * 400 naming it, before anything routes on the path. Socket.IO requests are Engine.IO's to answer, in its own shape.
 */
@ChannelHandler.Sharable
final class UriCheck extends ChannelInboundHandlerAdapter {
    private final HttpApi api;

    UriCheck(HttpApi api) {
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && !Paths.isSocketIo(request.uri()) && !decodes(request.uri())) {
            try {
                HttpResponses.send(
                        ctx,
                        HttpUtil.isKeepAlive(request),
                        HttpResponses.of(
                                api.error(
                                        HttpError.INVALID_QUERY,
                                        "URL: malformed percent-encoding (expected: %XX escapes of UTF-8 bytes)"),
                                false));
            } finally {
                request.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    static boolean decodes(String uri) {
        try {
            QueryStringDecoder decoder = new QueryStringDecoder(uri);
            decoder.path();
            decoder.parameters();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
