package com.securevox.call.transport;

import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Refuses a request whose {@code Content-Length} is over its path's limit (the API's for REST, {@code maxPayload} for
 * Socket.IO) with the contract's JSON 413 before a byte of the body is read, also when the client asked for {@code 100
 * Continue}; the connection closes, since the body may still be on its way. Bodies without a length are counted by the
 * aggregator and the API.
 */
final class BodyLimit extends ChannelInboundHandlerAdapter {
    private final HttpApi api;
    private final int apiLimit;
    private final int socketIoLimit;
    private final Consumer<String> socketIoTooLarge;
    private boolean refused;

    /** @param socketIoTooLarge told the URI of a refused Socket.IO POST: its session ends, as engine.io's would */
    BodyLimit(HttpApi api, int apiLimit, int socketIoLimit, Consumer<String> socketIoTooLarge) {
        this.api = api;
        this.apiLimit = apiLimit;
        this.socketIoLimit = socketIoLimit;
        this.socketIoTooLarge = socketIoTooLarge;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            refused = false;
            long length = HttpUtil.getContentLength(request, -1L);
            boolean socketIo = Paths.isSocketIo(request.uri());
            int limit = socketIo ? socketIoLimit : apiLimit;
            if (length > limit) {
                refused = true;
                if (socketIo) {
                    socketIoTooLarge.accept(request.uri());
                }
                ReferenceCountUtil.release(msg);
                HttpResponses.sendAndClose(
                        ctx,
                        HttpResponses.of(
                                api.error(
                                        HttpError.PAYLOAD_TOO_LARGE,
                                        "body: " + length + " bytes (expected: at most " + limit + ")"),
                                false));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
