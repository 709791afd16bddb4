package com.securevox.call.transport;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.ExceptionListener;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs library-level failures without the event arguments: those may hold tokens or SDP, which
 * never reach our logs. A peer resetting its connection is routine and logged at debug only.
 */
final class QuietExceptionListener implements ExceptionListener {
    private static final Logger log = LoggerFactory.getLogger(QuietExceptionListener.class);

    @Override
    public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
        log.error("event handler failed connection={}", client.getSessionId(), e);
    }

    @Override
    public void onDisconnectException(Exception e, SocketIOClient client) {
        log.error("disconnect handler failed connection={}", client.getSessionId(), e);
    }

    @Override
    public void onConnectException(Exception e, SocketIOClient client) {
        log.error("connect handler failed connection={}", client.getSessionId(), e);
    }

    @Override
    public void onPingException(Exception e, SocketIOClient client) {
        log.warn("ping handling failed connection={}: {}", client.getSessionId(), e.toString());
    }

    @Override
    public void onPongException(Exception e, SocketIOClient client) {
        log.warn("pong handling failed connection={}: {}", client.getSessionId(), e.toString());
    }

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        if (e instanceof IOException) {
            log.debug("connection error remote={}: {}", ctx.channel().remoteAddress(), e.toString());
        } else {
            log.warn("channel error remote={}: {}", ctx.channel().remoteAddress(), e.toString());
        }
        ctx.close();
        return true;
    }

    @Override
    public void onAuthException(Throwable e, SocketIOClient client) {
        log.error("auth handler failed connection={}", client.getSessionId(), e);
    }
}
