package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.function.Supplier;

/** Netty's aggregator, answering an over-limit body with the contract's JSON 413 and closing. */
final class LimitedAggregator extends HttpObjectAggregator {
    private final Supplier<ApiResponse> tooLarge;

    LimitedAggregator(int maxContentLength, Supplier<ApiResponse> tooLarge) {
        super(maxContentLength);
        this.tooLarge = tooLarge;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ApiResponse error = tooLarge.get();
        HttpResponses.sendAndClose(ctx, HttpResponses.of(error, false));
    }
}
