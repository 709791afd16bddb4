package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Netty's aggregator, answering a body that grows over the limit without announcing its length (chunked) with the
 * contract's JSON 413 and closing; a Socket.IO POST's session ends too, as with an announced one ({@link BodyLimit}).
 */
final class LimitedAggregator extends HttpObjectAggregator {
    private final Consumer<String> socketIoTooLarge;
    private final Supplier<ApiResponse> tooLarge;

    LimitedAggregator(int maxContentLength, Consumer<String> socketIoTooLarge, Supplier<ApiResponse> tooLarge) {
        super(maxContentLength);
        this.socketIoTooLarge = socketIoTooLarge;
        this.tooLarge = tooLarge;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest request && Paths.isSocketIo(request.uri())) {
            socketIoTooLarge.accept(request.uri());
        }
        ApiResponse error = tooLarge.get();
        HttpResponses.sendAndClose(ctx, HttpResponses.of(error, false));
    }
}
