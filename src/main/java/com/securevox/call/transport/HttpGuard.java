package com.securevox.call.transport;

import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The HTTP connection's keeper, right after the decoder:
 *
 * <ul>
 *   <li>a request the decoder failed on is answered (414 for a long URL, 431 for long headers, 400 otherwise) and the
 *       connection closed; it never reaches a handler, and nothing read after it is trusted;
 *   <li>a connection with nothing to answer (idle after a response, or stalled inside a request) is closed when the
 *       idle timer fires; one waiting for our answer (a long-poll) is not;
 *   <li>pipelined requests wait until the one before is answered, so responses go out in request order even when a
 *       long-poll holds its answer back.
 * </ul>
 */
final class HttpGuard extends ChannelDuplexHandler {
    /** Pipelined messages (heads and body chunks) held at most; a client that sends more is not a browser. */
    private static final int MAX_QUEUED = 64;

    private final HttpApi api;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private boolean receiving;
    private int awaiting;
    private boolean failed;

    HttpGuard(HttpApi api) {
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed || !(msg instanceof HttpObject object)) {
            if (failed) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        DecoderResult result = object.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, result.cause());
            return;
        }
        if (!queued.isEmpty() || (awaiting > 0 && !receiving && msg instanceof HttpRequest)) {
            if (queued.size() >= MAX_QUEUED) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            queued.add(msg);
            return;
        }
        pass(ctx, msg);
    }

    private void pass(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            receiving = true;
        }
        if (msg instanceof LastHttpContent) {
            receiving = false;
            awaiting++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim =
                msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (!interim && msg instanceof LastHttpContent && awaiting > 0) {
            awaiting--;
            if (awaiting == 0 && !queued.isEmpty()) {
                ctx.executor().execute(() -> replay(ctx));
            }
        }
    }

    private void replay(ChannelHandlerContext ctx) {
        while (!queued.isEmpty() && !failed && ctx.channel().isActive()) {
            Object next = queued.peek();
            if (awaiting > 0 && !receiving && next instanceof HttpRequest) {
                return;
            }
            pass(ctx, queued.poll());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (awaiting == 0) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        var response =
                switch (cause) {
                    case TooLongHttpLineException e ->
                        api.error(HttpError.URI_TOO_LONG, "request line: " + e.getMessage());
                    case TooLongHttpHeaderException e ->
                        api.error(HttpError.HEADERS_TOO_LARGE, "headers: " + e.getMessage());
                    default ->
                        api.error(
                                HttpError.MALFORMED_REQUEST,
                                "request: " + cause.getMessage() + " (expected: an HTTP/1.1 request)");
                };
        HttpResponses.sendAndClose(ctx, HttpResponses.of(response, false));
    }
}
