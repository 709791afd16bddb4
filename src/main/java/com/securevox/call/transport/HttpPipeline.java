package com.securevox.call.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one place a connection's pipeline is built. Every connection starts as HTTP; a websocket handshake swaps the
 * {@link #HTTP_ONLY} handlers for the session's frame handler.
 *
 * <pre>
 * [tls] → httpCodec → idle → httpGuard (decoder failures 400/414/431, idle close, request order)
 *   → bodyLimit (413 before the body by Content-Length) → aggregator (100-continue, 413 for long chunked bodies)
 *   → uriCheck (400 for bad escapes)
 *   → handshakeGate (CORS 403, drain 503 for /socket.io/) → httpApi (REST, off the loop) → engineIo
 * </pre>
 */
final class HttpPipeline extends ChannelInitializer<SocketChannel> {
    /** The handlers that go when a connection becomes a websocket (the handshake takes the codec and aggregator). */
    static final List<String> HTTP_ONLY =
            List.of("idle", "httpGuard", "bodyLimit", "aggregator", "uriCheck", "handshakeGate", "httpApi", "engineIo");

    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADERS = 16384;

    private final TransportSettings settings;
    private final Optional<ReloadingTls> tls;
    private final Supplier<ChannelHandler> guard;
    private final Supplier<ChannelHandler> bodyLimit;
    private final Supplier<ChannelHandler> aggregator;
    private final ChannelHandler uriCheck;
    private final ChannelHandler gate;
    private final ChannelHandler api;
    private final ChannelHandler engineIo;

    HttpPipeline(
            TransportSettings settings,
            Optional<ReloadingTls> tls,
            Supplier<ChannelHandler> guard,
            Supplier<ChannelHandler> bodyLimit,
            Supplier<ChannelHandler> aggregator,
            ChannelHandler uriCheck,
            ChannelHandler gate,
            ChannelHandler api,
            ChannelHandler engineIo) {
        this.settings = settings;
        this.tls = tls;
        this.guard = guard;
        this.bodyLimit = bodyLimit;
        this.aggregator = aggregator;
        this.uriCheck = uriCheck;
        this.gate = gate;
        this.api = api;
        this.engineIo = engineIo;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        tls.ifPresent(t -> pipeline.addLast("tls", t.newHandler(ch.alloc())));
        pipeline.addLast(
                "httpCodec",
                new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                        .setMaxHeaderSize(MAX_HEADERS)));
        pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("httpGuard", guard.get());
        pipeline.addLast("bodyLimit", bodyLimit.get());
        pipeline.addLast("aggregator", aggregator.get());
        pipeline.addLast("uriCheck", uriCheck);
        pipeline.addLast("handshakeGate", gate);
        pipeline.addLast("httpApi", api);
        pipeline.addLast("engineIo", engineIo);
    }
}
