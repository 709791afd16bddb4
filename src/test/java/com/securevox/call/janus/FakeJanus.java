package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server speaking {@code janus-protocol} that answers only what the test tells it to. Only for what a real
 * Janus cannot be made to do on demand: send a message in several frames, send one too long, send one that is not
 * Janus; and show us the frames we sent. Everything else is tested against the real Janus (JanusClientIT).
 */
final class FakeJanus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final Channel server;
    private volatile Channel client;

    FakeJanus() {
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(64 * 1024))
                                    .addLast(new WebSocketServerProtocolHandler(
                                            "/", JanusSocket.SUBPROTOCOL, true, 16 * 1024 * 1024))
                                    .addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                        @Override
                                        public void channelActive(ChannelHandlerContext context) {
                                            client = context.channel();
                                        }

                                        @Override
                                        protected void channelRead0(
                                                ChannelHandlerContext context, TextWebSocketFrame frame)
                                                throws IOException {
                                            client = context.channel();
                                            received.add(JSON.readTree(frame.text()));
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/");
    }

    /** The next request the client sent; fails after 10 s. */
    JsonNode next() {
        try {
            JsonNode request = received.poll(10, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the client sent nothing within 10 s");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Answers the requests {@link JanusClient#connect()} makes: info, and a session created and destroyed. */
    void acceptConnection() {
        JsonNode info = next();
        send("{\"janus\":\"server_info\",\"transaction\":\""
                + info.path("transaction").asText()
                + "\",\"name\":\"Janus WebRTC Server\",\"version\":1102,\"version_string\":\"1.1.2\","
                + "\"server-name\":\"fake\",\"api_secret\":true,\"session-timeout\":60,"
                + "\"plugins\":{\"janus.plugin.videoroom\":{}},\"transports\":{\"janus.transport.websockets\":{}}}");
        answer(next(), "{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":1}}");
        answer(next(), "{\"janus\":\"success\",\"session_id\":1,\"transaction\":\"%s\"}");
    }

    /** Sends {@code template} with the request's transaction in place of its {@code %s}. */
    void answer(JsonNode request, String template) {
        send(template.formatted(request.path("transaction").asText()));
    }

    void send(String text) {
        client.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    /**
     * Sends one message as one frame per part (a text frame, then continuation frames). Stops, without failing, once
     * the client has closed the connection: a client may do so mid-message, as soon as the message is over its limit.
     */
    void sendInFrames(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            ChannelFuture written = client.writeAndFlush(
                            i == 0
                                    ? new TextWebSocketFrame(last, 0, parts[i])
                                    : new ContinuationWebSocketFrame(last, 0, parts[i]))
                    .awaitUninterruptibly();
            if (!written.isSuccess()) {
                if (!client.isActive()) {
                    return;
                }
                throw new IllegalStateException("frame " + i + " not written", written.cause());
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close().sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
