package com.securevox.call.transport;

import com.securevox.call.httpapi.ApiResponse;
import com.securevox.call.httpapi.EventStream;
import com.securevox.call.httpapi.FileBody;
import com.securevox.call.httpapi.StreamBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/** Writing responses with keep-alive handled: the one place our HTTP responses are built. */
final class HttpResponses {
    /** A streamed file is read and written this much at a time. */
    private static final int FILE_CHUNK = 64 * 1024;
    /** A client that takes longer than this to accept one chunk of a file is cut off. */
    private static final Duration CHUNK_WRITE_TIMEOUT = Duration.ofSeconds(60);
    /** An event stream with no news writes a comment this often, so that idle timeouts on the way leave it open. */
    private static final Duration EVENT_KEEP_ALIVE = Duration.ofSeconds(15);

    private HttpResponses() {}

    /**
     * The API's response with its own headers (content type, caching, validators) and the framing ones. A file body
     * is left out (the answer to a HEAD, or see {@link #stream}); its length is still announced.
     */
    static FullHttpResponse of(ApiResponse api, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(api.status()),
                head || api.file().isPresent() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(api.body()));
        api.headers().forEach(response.headers()::set);
        response.headers()
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_LENGTH, api.contentLength());
        return response;
    }

    /**
     * Sends a response whose body is a part of a file, read and written a chunk at a time so that a large file never
     * sits in memory: the head, then each chunk once the one before has been handed to the socket (which is also the
     * back-pressure on a slow client), then the end. It waits on those writes, so it must run on a thread of its own
     * (the API's virtual thread), never on the connection's event loop. A file that cannot be opened is answered with
     * {@code gone}; one that fails or a client that stalls after the head has gone out can only be cut off.
     */
    static void stream(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            ApiResponse api,
            FileBody file,
            String origin,
            FullHttpResponse gone) {
        if (ctx.executor().inEventLoop()) {
            throw new IllegalStateException("a file is streamed off the event loop (expected: the API's thread)");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        } catch (IOException e) {
            allowOrigin(gone, origin);
            send(ctx, keepAlive, gone);
            return;
        }
        gone.release();
        try (channel) {
            chunked(
                    ctx,
                    keepAlive,
                    api,
                    file.length(),
                    origin,
                    (chunk, sent, size) -> chunk.writeBytes(channel, file.offset() + sent, size));
        } catch (IOException e) {
            // Closing a file we only read loses nothing.
        }
    }

    /**
     * Sends a response whose body is relayed from another node as it arrives, a chunk at a time like {@link #stream}
     * (so a large recording never sits in memory, and a slow client slows the reading), on the API's thread. The
     * length is the other node's, announced first: a source that ends early or fails can only cut the connection.
     */
    static void relay(ChannelHandlerContext ctx, boolean keepAlive, ApiResponse api, StreamBody body, String origin) {
        if (ctx.executor().inEventLoop()) {
            throw new IllegalStateException("a relayed body is read off the event loop (expected: the API's thread)");
        }
        chunked(ctx, keepAlive, api, body.length(), origin, (chunk, sent, size) -> chunk.writeBytes(body.in(), size));
    }

    /** Fills a chunk with up to {@code size} bytes of a body, {@code sent} bytes in: how many, or -1 at its end. */
    @FunctionalInterface
    private interface ChunkSource {
        int fill(ByteBuf chunk, long sent, int size) throws IOException;
    }

    /**
     * The head announcing {@code length} bytes, then the body a chunk at a time, each once the one before has been
     * handed to the socket (which is also the back-pressure on a slow client), then the end. A source that fails or
     * ends early, or a client that stalls, after the head has gone out can only be cut off.
     */
    private static void chunked(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            ApiResponse api,
            long length,
            String origin,
            ChunkSource source) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(api.status()));
        api.headers().forEach(head.headers()::set);
        head.headers().set("X-Content-Type-Options", "nosniff").set(HttpHeaderNames.CONTENT_LENGTH, length);
        allowOrigin(head, origin);
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        long left = length;
        try {
            while (left > 0) {
                int size = (int) Math.min(FILE_CHUNK, left);
                ByteBuf chunk = ctx.alloc().buffer(size);
                int read;
                try {
                    read = source.fill(chunk, length - left, size);
                } catch (IOException e) {
                    chunk.release();
                    throw e;
                }
                if (read <= 0) {
                    chunk.release();
                    throw new EOFException("the body ended " + left + " bytes early");
                }
                left -= read;
                if (!written(ctx.writeAndFlush(new DefaultHttpContent(chunk)))) {
                    ctx.close();
                    return;
                }
            }
            ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (IOException e) {
            // The head is out with its length: the only honest end is to cut the connection.
            ctx.close();
        }
    }

    /**
     * Sends Server-Sent Events until the client goes away or the stream says it is over: the head (no length: the
     * body ends when the connection does), then each event {@code next} produces, looked for every interval. The wait
     * between looks is on the connection's close, so a client that leaves ends the loop at once. Like {@link #stream}
     * it waits on writes (back-pressure on a slow client), so it runs on the API's thread, never the event loop.
     */
    static void events(ChannelHandlerContext ctx, ApiResponse api, EventStream events, String origin) {
        if (ctx.executor().inEventLoop()) {
            throw new IllegalStateException("events are streamed off the event loop (expected: the API's thread)");
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(api.status()));
        api.headers().forEach(head.headers()::set);
        head.headers().set("X-Content-Type-Options", "nosniff");
        allowOrigin(head, origin);
        HttpUtil.setKeepAlive(head, false);
        ctx.writeAndFlush(head);
        Channel channel = ctx.channel();
        long quietSince = System.nanoTime();
        while (channel.isActive() && events.open().getAsBoolean()) {
            Optional<String> data = events.next().get();
            boolean keepAlive = System.nanoTime() - quietSince > EVENT_KEEP_ALIVE.toNanos();
            if (data.isPresent() || keepAlive) {
                String text = data.map(d -> "data: " + d.replace("\n", "\ndata: ") + "\n\n")
                        .orElse(": keep-alive\n\n");
                ByteBuf chunk = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
                if (!written(ctx.writeAndFlush(new DefaultHttpContent(chunk)))) {
                    break;
                }
                quietSince = System.nanoTime();
            }
            channel.closeFuture().awaitUninterruptibly(events.interval().toMillis());
        }
        ctx.close();
    }

    private static boolean written(ChannelFuture write) {
        return write.awaitUninterruptibly(CHUNK_WRITE_TIMEOUT.toMillis()) && write.isSuccess();
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

    static void allowOrigin(HttpResponse response, String origin) {
        if (origin != null) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }
}
