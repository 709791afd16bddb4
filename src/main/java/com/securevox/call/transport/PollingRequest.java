package com.securevox.call.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A long-polling GET or POST waiting for its answer, which a session writes from its own loop (the connection may
 * belong to another). Answered once: a second answer is ignored.
 */
final class PollingRequest {
    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final String origin;
    private ChannelFutureListener abortListener;
    private boolean answered;

    PollingRequest(ChannelHandlerContext ctx, boolean keepAlive, String origin) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.origin = origin;
    }

    /** A 200 with Engine.IO packets (or {@code ok} for a POST). */
    void answer(String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ByteBufUtil.writeUtf8(ctx.alloc(), body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        write(response);
    }

    /** A 400 with Engine.IO's error body. */
    void fail(EngineError error) {
        write(EngineResponses.error(error));
    }

    /** Runs when the client closes the connection before the answer. */
    void onAbort(Runnable action) {
        abortListener = future -> action.run();
        ctx.channel().closeFuture().addListener(abortListener);
    }

    private void write(FullHttpResponse response) {
        if (answered) {
            response.release();
            return;
        }
        answered = true;
        if (abortListener != null) {
            ctx.channel().closeFuture().removeListener(abortListener);
            abortListener = null;
        }
        HttpResponses.allowOrigin(response, origin);
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        HttpResponses.send(ctx, keepAlive, response);
    }
}
