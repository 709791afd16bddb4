package com.securevox.call.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * netty-socketio answers every long-polling request with {@code Connection: keep-alive} and then
 * closes the connection, so a client that reuses it (HTTP/1.1 allows it) sends its next request
 * into a closing socket. The library's HTTP responses always end in a close, so this says so:
 * {@code Connection: close}. Upgrades (101) are left alone.
 */
@ChannelHandler.Sharable
final class ConnectionCloseHeader extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && !response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(msg, promise);
    }
}
