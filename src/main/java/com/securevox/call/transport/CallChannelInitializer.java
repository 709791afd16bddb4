package com.securevox.call.transport;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one place the pipeline is built: netty-socketio's handlers, with ours placed after HTTP
 * aggregation and before the library's packet handling, so the REST API and Socket.IO share a port.
 *
 * <pre>
 * [tlsReentryBypass → tls] → flushConsolidation → httpDecoder → httpAggregator (JSON 413) → httpEncoder → handshakeGate → handshakeHeaderTrim
 *   → packetHandler → authorizeHandler
 *   → httpApi → connectionClose (outbound, socket.io responses only) → polling, websocket, our packet encoder
 * </pre>
 */
final class CallChannelInitializer extends SocketIOChannelInitializer {
    private static final String FLUSH_CONSOLIDATION = "flushConsolidation";
    private static final String TLS = "tls";
    private static final String TLS_BYPASS = "tlsReentryBypass";
    private static final TlsReentryBypass TLS_REENTRY_BYPASS = new TlsReentryBypass(TLS);
    private static final int EXPLICIT_FLUSH_AFTER_FLUSHES = 64;
    private static final HandshakeHeaderTrim HEADER_TRIM = new HandshakeHeaderTrim();
    private final TransportSettings settings;
    private final HandshakeGate gate;
    private final HttpApiHandler apiHandler;
    private final HttpApi api;
    private final Optional<ReloadingTls> tls;
    private final ConnectionCloseHeader connectionClose = new ConnectionCloseHeader();
    private final NettyMetrics metrics;
    private EncoderHandler encoder;

    CallChannelInitializer(
            TransportSettings settings,
            HandshakeGate gate,
            HttpApiHandler apiHandler,
            HttpApi api,
            Optional<ReloadingTls> tls,
            NettyMetrics metrics) {
        this.settings = settings;
        this.gate = gate;
        this.apiHandler = apiHandler;
        this.api = api;
        this.tls = tls;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        super.initChannel(ch);
        // The library makes its event loops out of our reach; a channel's loop leads to them.
        metrics.eventLoops(ch.eventLoop().parent());
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        super.start(configuration, namespacesHub);
        try {
            encoder = new EncoderHandler(
                    configuration, new CompletePacketEncoder(configuration, configuration.getJsonSupport()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Socket.IO encoder", e);
        }
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        int limit = settings.maxPayloadBytes();
        pipeline.replace(
                HTTP_AGGREGATOR,
                HTTP_AGGREGATOR,
                new LimitedAggregator(
                        limit,
                        () -> api.error(
                                HttpError.PAYLOAD_TOO_LARGE,
                                "body: larger than " + limit + " bytes (expected: at most " + limit + ")")));
        pipeline.addBefore(PACKET_HANDLER, "handshakeGate", gate);
        pipeline.addBefore(PACKET_HANDLER, "handshakeHeaderTrim", HEADER_TRIM);
        // After the library's authorize handler: it cancels the library's first-data timer, which
        // would otherwise close a keep-alive API connection 5 s after it opened. With custom
        // requests allowed it passes every non-Socket.IO request on to us untouched.
        pipeline.addAfter(AUTHORIZE_HANDLER, "httpApi", apiHandler);
        // After httpApi, so it sees the library's responses and not ours.
        pipeline.addAfter("httpApi", "connectionClose", connectionClose);
        pipeline.replace(SOCKETIO_ENCODER, SOCKETIO_ENCODER, encoder);
        // The library flushes every packet on its own: what one read produces for that same socket
        // (upgrade reply, open and connect packets; a join's ack and call_joined) goes out in one
        // write at the end of the read instead of one system call each. Flushes outside a read
        // (relays to other sockets, timers, the API's virtual threads) still go out at once.
        pipeline.addFirst(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        // Outermost, so that consolidated flushes make fewer, larger TLS records; the bypass in front keeps the
        // library's re-injected packets out of the TLS decoder (see TlsReentryBypass).
        tls.ifPresent(t -> {
            pipeline.addFirst(TLS, t.newHandler(pipeline.channel().alloc()));
            pipeline.addFirst(TLS_BYPASS, TLS_REENTRY_BYPASS);
        });
    }
}
