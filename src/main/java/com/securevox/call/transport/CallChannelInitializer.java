package com.securevox.call.transport;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import io.netty.channel.ChannelPipeline;

/**
 * The one place the pipeline is built: netty-socketio's handlers, with ours placed after HTTP
 * aggregation and before the library's packet handling, so the REST API and Socket.IO share a port.
 *
 * <pre>
 * httpDecoder → httpAggregator (JSON 413) → httpEncoder → handshakeGate → httpApi → [socket.io handlers]
 * </pre>
 */
final class CallChannelInitializer extends SocketIOChannelInitializer {
    private final TransportSettings settings;
    private final HandshakeGate gate;
    private final HttpApiHandler apiHandler;
    private final HttpApi api;

    CallChannelInitializer(TransportSettings settings, HandshakeGate gate, HttpApiHandler apiHandler, HttpApi api) {
        this.settings = settings;
        this.gate = gate;
        this.apiHandler = apiHandler;
        this.api = api;
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
        pipeline.addBefore(PACKET_HANDLER, "httpApi", apiHandler);
    }
}
