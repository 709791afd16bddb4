package com.securevox.call.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits in front of the TLS handler and passes messages that are not bytes straight past it.
 *
 * <p>netty-socketio re-injects decoded packets at the head of the pipeline ({@code pipeline().fireChannelRead}) while
 * the TLS handler is still inside its decode call. Netty's decoders queue such re-entrant messages until the
 * current decode returns, and by then the library has released the packet's buffer. Nothing but encrypted bytes is
 * the TLS handler's business, so everything else skips it.
 */
@ChannelHandler.Sharable
final class TlsReentryBypass extends ChannelInboundHandlerAdapter {
    private final String tlsHandlerName;

    TlsReentryBypass(String tlsHandlerName) {
        this.tlsHandlerName = tlsHandlerName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChannelHandlerContext tls =
                msg instanceof ByteBuf ? null : ctx.pipeline().context(tlsHandlerName);
        if (tls == null) {
            ctx.fireChannelRead(msg);
        } else {
            tls.fireChannelRead(msg);
        }
    }
}
