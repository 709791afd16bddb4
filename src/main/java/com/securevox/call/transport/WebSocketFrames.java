package com.securevox.call.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One websocket of a session (its transport, or a probe that may become it): frames in, closes reported. */
final class WebSocketFrames extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrames.class);

    private final EngineSession session;

    WebSocketFrames(EngineSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (frame) {
                case TextWebSocketFrame text -> {
                    byte[] data = ByteBufUtil.getBytes(text.content());
                    session.execute(() -> session.onFrame(ctx.channel(), data));
                }
                case BinaryWebSocketFrame binary -> {
                    byte[] data = ByteBufUtil.getBytes(binary.content());
                    session.execute(() -> session.onBinaryFrame(ctx.channel(), data));
                }
                case PingWebSocketFrame ping ->
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                case CloseWebSocketFrame close ->
                    ctx.writeAndFlush(new CloseWebSocketFrame(
                                    true, 0, close.content().retain()))
                            .addListener(ChannelFutureListener.CLOSE);
                default -> {
                    // Pongs, and continuations the aggregator has already joined.
                }
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.execute(() -> session.onChannelClosed(ctx.channel()));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug(
                "websocket closed on error sid={} remote={}: {}",
                session.sid,
                session.handshake.remote(),
                cause.toString());
        ctx.close();
    }
}
