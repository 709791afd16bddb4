package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A websocket the server ends (a drop for a reconnect, a close) while frames of the client are still unread: the
 * frames written before reach the client, and the connection ends with a FIN, not a reset. Reset, a proxy in between
 * (nginx) drops what it had not passed on yet, which lost an acknowledged signal in issue 15's fault suite (d), written
 * to a socket just before the node that let its call go closed it. Certain rather than left to timing: the server's
 * channel reads nothing, so what the client sent is unread when the session ends.
 */
class EngineSessionDropTest {
    private static final EngineSettings SETTINGS =
            new EngineSettings(25_000, 20_000, 1_000_000, 1_000_000, 10_000, 45_000, 2_000);
    private static final EngineSession.Listener IGNORED = new EngineSession.Listener() {
        @Override
        public void onText(byte[] utf8, int from) {}

        @Override
        public void onBinary(byte[] data) {}

        @Override
        public void onClose(String reason) {}
    };
    private static final EngineSession.Host HOST = new EngineSession.Host() {
        @Override
        public EngineSettings settings() {
            return SETTINGS;
        }

        @Override
        public void removed(EngineSession session) {}
    };

    // As the server runs: on epoll where it is available (NIO's close is another path).
    private final EventLoopGroup loops = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A server whose one connection, once accepted, is a websocket session that reads nothing. */
    private Channel server(CompletableFuture<EngineSession> accepted) {
        return new ServerBootstrap()
                .group(loops)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new WebSocket13FrameEncoder(false));
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                EngineSession session = new EngineSession(
                                        "sid-1",
                                        ctx.channel().eventLoop(),
                                        new HandshakeInfo("127.0.0.1", "test"),
                                        HOST);
                                session.open(IGNORED);
                                session.attachWebsocket(ctx.channel());
                                accepted.complete(session);
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    /** Everything the server sent until its end: the bytes, and how it ended. */
    private static String readToEnd(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1) + " | end of stream";
        } catch (IOException e) {
            return got.toString(StandardCharsets.ISO_8859_1) + " | " + e.getMessage();
        }
    }

    private void endsWithAFinAfterWhatWasWritten(Consumer<EngineSession> end, String last) throws Exception {
        CompletableFuture<EngineSession> accepted = new CompletableFuture<>();
        Channel server = server(accepted);
        try (Socket client = new Socket()) {
            client.connect((InetSocketAddress) server.localAddress(), 5_000);
            client.setSoTimeout(10_000);
            EngineSession session = accepted.get(5, TimeUnit.SECONDS);
            // Frames of the client's the server has not read when it ends the session.
            client.getOutputStream().write(new byte[64 * 1024]);
            client.getOutputStream().flush();

            session.execute(() -> {
                session.send("4the last signal");
                end.accept(session);
            });

            String got = readToEnd(client.getInputStream());
            assertThat(got).contains("4the last signal").contains(last).endsWith(" | end of stream");
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    @Test
    void aDroppedWebsocketGetsWhatWasWrittenAndAFinThoughTheClientsFramesAreUnread() throws Exception {
        endsWithAFinAfterWhatWasWritten(session -> session.drop("closed for a reconnect"), "");
    }

    @Test
    void aClosedWebsocketGetsWhatWasWrittenItsCloseFrameAndAFinThoughTheClientsFramesAreUnread() throws Exception {
        // 0x88: a final close frame
        endsWithAFinAfterWhatWasWritten(session -> session.close("disconnected by the server"), "\u0088");
    }
}
