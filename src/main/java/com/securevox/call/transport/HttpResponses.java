package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Writing responses with keep-alive handled: the one place our HTTP responses are built. */
final class HttpResponses {
    private HttpResponses() {}

    /** The API's response with its own headers (content type, caching, validators) and the framing ones. */
    static FullHttpResponse of(ApiResponse api, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(api.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(api.body()));
        api.headers().forEach(response.headers()::set);
        response.headers()
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, api.body().length);
        return response;
    }

    /** Sends the response, keeping the connection open when the request allows it. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sends the response and closes: used when the rest of the request cannot be trusted. */
    static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    static void allowOrigin(FullHttpResponse response, String origin) {
        if (origin != null) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }
}
