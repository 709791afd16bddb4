package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiRequest;
import com.securevox.call.httpapi.ApiResponse;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import com.securevox.call.httpapi.StreamBody;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Serves every non-Socket.IO request through {@link HttpApi}. The API may block (it may ask Django),
 * so it runs on the given executor (virtual threads); responses on one connection are chained so
 * pipelined requests are answered in order. Only what {@link HttpApi#neverBlocks} vouches for (a
 * mint with the API key) is answered on the I/O thread, on a connection that has nothing waiting.
 */
@ChannelHandler.Sharable
final class HttpApiHandler extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<CompletableFuture<Void>> TAIL = AttributeKey.valueOf("securevox.api.tail");

    private final HttpApi api;
    private final Executor executor;
    private final OriginCheck origins;
    private final int maxBodyBytes;

    private final Predicate<InetAddress> trustedProxy;

    HttpApiHandler(
            HttpApi api,
            Executor executor,
            OriginCheck origins,
            int maxBodyBytes,
            Predicate<InetAddress> trustedProxy) {
        this.api = api;
        this.trustedProxy = trustedProxy;
        this.executor = executor;
        this.origins = origins;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || Paths.isSocketIo(request.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!origins.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
            respond(
                    ctx,
                    HttpUtil.isKeepAlive(request),
                    api.error(HttpError.FORBIDDEN, "Origin: '" + origin + "' is not allowed"),
                    null,
                    head);
            return;
        }
        if (request.method().equals(HttpMethod.OPTIONS) && origin != null) {
            preflight(ctx, request, origin);
            return;
        }
        if (request.content().readableBytes() > maxBodyBytes) {
            respond(
                    ctx,
                    HttpUtil.isKeepAlive(request),
                    api.error(
                            HttpError.PAYLOAD_TOO_LARGE,
                            "body: " + request.content().readableBytes() + " bytes (expected: at most " + maxBodyBytes
                                    + ")"),
                    origin,
                    head);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            respond(
                    ctx,
                    HttpUtil.isKeepAlive(request),
                    api.error(
                            HttpError.INVALID_QUERY,
                            "URL: malformed percent-encoding (expected: %XX escapes of UTF-8 bytes)"),
                    origin,
                    head);
            return;
        }
        ApiRequest apiRequest = new ApiRequest(
                request.method().name(),
                path,
                headers(request),
                ByteBufUtil.getBytes(request.content()),
                remote(ctx, request),
                query);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        CompletableFuture<Void> tail = ctx.channel().attr(TAIL).get();
        if (tail == null && api.neverBlocks(apiRequest)) {
            // Answered here: a hop to a virtual thread and back cost more than the mint itself (two wake-ups). Only
            // while nothing of this connection ever went to the executor, whose answers this one must not overtake.
            respond(ctx, keepAlive, api.handle(apiRequest), origin, head);
            return;
        }
        CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
        CompletableFuture<Void> next =
                previous.thenRunAsync(() -> respond(ctx, keepAlive, api.handle(apiRequest), origin, head), executor);
        ctx.channel().attr(TAIL).set(next.exceptionally(e -> null));
    }

    /**
     * A CORS preflight from an allowed origin (the gate has refused the others): the methods and headers the API and
     * Socket.IO use.
     */
    static void preflight(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpResponses.allowOrigin(response, origin);
        response.headers()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type")
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        HttpResponses.send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    private void respond(ChannelHandlerContext ctx, boolean keepAlive, ApiResponse api, String origin, boolean head) {
        if (api.events().isPresent()) {
            // Only ever here on the API's virtual thread, which the stream then keeps until the client goes.
            HttpResponses.events(ctx, api, api.events().get(), origin);
            return;
        }
        if (api.stream().isPresent()) {
            // Only ever here on the API's virtual thread, like a file: reading another node's answer blocks.
            try (StreamBody relayed = api.stream().get()) {
                if (head) {
                    FullHttpResponse response = HttpResponses.of(api, true);
                    HttpResponses.allowOrigin(response, origin);
                    HttpResponses.send(ctx, keepAlive, response);
                } else {
                    HttpResponses.relay(ctx, keepAlive, api, relayed, origin);
                }
            }
            return;
        }
        if (api.file().isPresent() && !head) {
            // Only ever here on the API's virtual thread: a file is never the answer of what neverBlocks vouches for.
            FullHttpResponse gone = HttpResponses.of(
                    this.api.error(HttpError.NOT_FOUND, "file: deleted while the request was answered"), head);
            HttpResponses.stream(ctx, keepAlive, api, api.file().get(), origin, gone);
            return;
        }
        FullHttpResponse response = HttpResponses.of(api, head);
        HttpResponses.allowOrigin(response, origin);
        HttpResponses.send(ctx, keepAlive, response);
    }

    private static Map<String, String> headers(FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        return headers;
    }

    /** The client's address: the peer's, or the one a trusted proxy forwarded (the failed-auth limiter keys on it). */
    private String remote(ChannelHandlerContext ctx, FullHttpRequest request) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? ForwardedClient.resolve(
                                address.getAddress(),
                                trustedProxy,
                                request.headers().getAll(ForwardedClient.X_FORWARDED_FOR),
                                request.headers().getAll(ForwardedClient.X_FORWARDED_PROTO))
                        .address()
                : String.valueOf(ctx.channel().remoteAddress());
    }
}
