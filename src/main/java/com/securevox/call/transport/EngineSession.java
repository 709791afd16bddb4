package com.securevox.call.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO 4 session: its transport (long-polling, or a websocket it opened with or upgraded to), the heartbeat,
 * the upgrade handshake, and the queue of packets a polling client has yet to fetch.
 *
 * <p>All of its state belongs to one event loop, the one its first request arrived on: requests on other connections
 * (a polling client's next GET, the websocket it upgrades to) and sends from other threads hop onto that loop. That
 * confinement is what makes several event loops safe (the race of ADR 0002 needed two threads touching one session).
 */
final class EngineSession {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    /** Frames written in one task go out in one flush, unless they pass this size: a socket buffer's worth. */
    private static final int FLUSH_AT_BYTES = 16 * 1024;

    /** What the Socket.IO layer hears from its session. Called on the session's loop. */
    interface Listener {
        /** A message packet's data: {@code utf8} from {@code from} on. */
        void onText(byte[] utf8, int from);

        void onBinary(byte[] data);

        /** The session is gone, whatever the reason; nothing more arrives. */
        void onClose(String reason);
    }

    /** What the session needs from the server that holds it. */
    interface Host {
        EngineSettings settings();

        void removed(EngineSession session);
    }

    private enum State {
        OPEN,
        /** The server asked to close: what is queued is still delivered, nothing more is read. */
        CLOSING,
        CLOSED
    }

    final String sid;
    final EventLoop loop;
    final HandshakeInfo handshake;
    private final Host host;
    private final Runnable flushTask = this::flushNow;
    private Listener listener;
    private State state = State.OPEN;
    private volatile String transportName;

    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private long outboxChars;
    private PollingRequest pendingGet;
    private Channel websocket;
    private Channel probe;
    private boolean probed;
    private ScheduledFuture<?> upgradeTimer;
    private boolean flushScheduled;
    /** Bytes written to the websocket since its last flush. */
    private int unflushed;

    private final Heartbeat heartbeat;

    EngineSession(String sid, EventLoop loop, HandshakeInfo handshake, Host host) {
        this.sid = sid;
        this.loop = loop;
        this.handshake = handshake;
        this.host = host;
        this.heartbeat = new Heartbeat(
                loop,
                host.settings().pingIntervalMillis(),
                host.settings().pingTimeoutMillis(),
                () -> send(EngineCodec.PING),
                () -> finish("ping timeout"));
    }

    /** Starts the session on long-polling: the open packet is the caller's to send; pings begin. On the loop. */
    void open(Listener listener) {
        this.listener = listener;
        this.transportName = "polling";
        heartbeat.start();
    }

    /** A session opened on a websocket has it as its transport from the start. On the loop. */
    void attachWebsocket(Channel channel) {
        if (state == State.OPEN) {
            websocket = channel;
            transportName = "websocket";
        }
    }

    /** The transport the client uses now; readable from any thread. */
    String transportName() {
        return transportName;
    }

    boolean onWebsocket() {
        return websocket != null;
    }

    boolean upgrading() {
        return probe != null;
    }

    boolean open() {
        return state == State.OPEN;
    }

    /** Runs the action on the session's loop: at once when already there. */
    void execute(Runnable action) {
        if (loop.inEventLoop()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    // ---- sending ----------------------------------------------------------------------------------------------

    /** Queues an encoded Engine.IO packet; everything queued in one task goes out together. On the loop. */
    void send(String packet) {
        if (state != State.OPEN) {
            return;
        }
        if (websocket != null) {
            sendFrame(ByteBufUtil.writeUtf8(websocket.alloc(), packet));
        } else {
            queue(packet);
        }
    }

    /** {@link #send(String)} for a packet already encoded as UTF-8, which this takes over (sends or releases). */
    void send(ByteBuf utf8Packet) {
        if (state != State.OPEN) {
            utf8Packet.release();
            return;
        }
        if (websocket != null) {
            sendFrame(utf8Packet);
        } else {
            queue(utf8Packet.toString(StandardCharsets.UTF_8));
            utf8Packet.release();
        }
    }

    private void sendFrame(ByteBuf utf8) {
        unflushed += utf8.readableBytes();
        websocket.write(new TextWebSocketFrame(utf8));
        if (websocket.bytesBeforeWritable() > host.settings().maxPendingBytes()) {
            // Cut off at once: a close frame would only queue behind what the client is not reading.
            finish("slow consumer: more than " + host.settings().maxPendingBytes() + " bytes unsent");
            return;
        }
        if (unflushed >= FLUSH_AT_BYTES) {
            // A burst read from another client can take a while to handle; what it produced for this one goes out
            // as it is made, not all at the end.
            unflushed = 0;
            websocket.flush();
        } else {
            scheduleFlush();
        }
    }

    private void queue(String packet) {
        outbox.add(packet);
        outboxChars += packet.length() + 1;
        if (outboxChars > host.settings().maxPendingBytes()) {
            close("slow consumer: more than " + host.settings().maxPendingBytes() + " bytes unfetched");
            return;
        }
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        if (websocket != null) {
            unflushed = 0;
            websocket.flush();
        } else if (pendingGet != null && (!outbox.isEmpty() || state == State.CLOSING)) {
            PollingRequest get = pendingGet;
            pendingGet = null;
            answerPoll(get);
        }
    }

    /**
     * Answers a GET with what is queued or, once nothing is, with the close packet of a closing session. Never both
     * in one payload: Socket.IO clients handle the packets of a payload a tick later, and a close in the same payload
     * would end the socket before they saw its last events (its disconnect among them).
     */
    private void answerPoll(PollingRequest get) {
        if (!outbox.isEmpty()) {
            get.answer(drainOutbox());
        } else {
            get.answer(EngineCodec.CLOSE);
            finish("closed by the server");
        }
    }

    /** Answers the GET a polling client holds open, if it holds one, with this payload. */
    private void releasePendingGet(String payload) {
        if (pendingGet != null) {
            PollingRequest get = pendingGet;
            pendingGet = null;
            get.answer(payload);
        }
    }

    private String drainOutbox() {
        StringBuilder body = new StringBuilder((int) Math.min(outboxChars, 1 << 16));
        for (String packet : outbox) {
            if (!body.isEmpty()) {
                body.append(EngineCodec.SEPARATOR);
            }
            body.append(packet);
        }
        outbox.clear();
        outboxChars = 0;
        return body.toString();
    }

    // ---- long-polling ------------------------------------------------------------------------------------------

    /** A GET: answered at once with what is queued, else held until something is. On the loop. */
    void poll(PollingRequest get) {
        if (state == State.CLOSED) {
            get.fail(EngineError.UNKNOWN_SID);
            return;
        }
        if (websocket != null) {
            get.fail(EngineError.BAD_REQUEST);
            return;
        }
        if (pendingGet != null) {
            // Two GETs at once: the protocol allows one; the client is broken or someone else holds the sid.
            get.fail(EngineError.BAD_REQUEST);
            close("overlapping polling requests");
            return;
        }
        if (!outbox.isEmpty() || state == State.CLOSING) {
            answerPoll(get);
        } else if (probe != null) {
            // An upgrade is under way: release the client's polling at once, so it can pause and send the upgrade.
            get.answer(EngineCodec.NOOP);
        } else {
            pendingGet = get;
            get.onAbort(() -> execute(() -> {
                if (pendingGet == get) {
                    pendingGet = null;
                    close("polling connection closed by the client");
                }
            }));
        }
    }

    /** A POST's packets, in order; answered {@code ok} once they are handled. On the loop. */
    void post(PollingRequest post, String body) {
        if (state == State.CLOSED) {
            post.fail(EngineError.UNKNOWN_SID);
            return;
        }
        if (websocket != null) {
            post.fail(EngineError.BAD_REQUEST);
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body);
        } catch (ProtocolViolation e) {
            post.fail(EngineError.BAD_REQUEST);
            violation(e);
            return;
        }
        for (EnginePacket packet : packets) {
            if (state == State.OPEN) {
                receive(packet);
            } else if (state == State.CLOSING && packet.type() == EnginePacketType.CLOSE) {
                // The client's answer to our disconnect: nothing more will be fetched.
                finish("closed by the client");
            }
        }
        post.answer("ok");
    }

    // ---- websocket ---------------------------------------------------------------------------------------------

    /** A websocket asks to take over a polling session; the caller has checked {@link #canUpgrade()}. On the loop. */
    void beginUpgrade(Channel channel) {
        probe = channel;
        probed = false;
        upgradeTimer = loop.schedule(
                () -> {
                    if (probe == channel) {
                        log.debug("upgrade timed out sid={}", sid);
                        probe = null;
                        channel.close();
                    }
                },
                host.settings().upgradeTimeoutMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether a websocket may take this session over now: only a polling session, and one upgrade at a time. */
    boolean canUpgrade() {
        return state == State.OPEN && websocket == null && probe == null;
    }

    /** A text frame from one of the session's websockets (the main one or a probe), its UTF-8 bytes. On the loop. */
    void onFrame(Channel channel, byte[] utf8) {
        if (channel == probe) {
            onProbeFrame(channel, new String(utf8, StandardCharsets.UTF_8));
            return;
        }
        if (channel != websocket || state != State.OPEN) {
            return;
        }
        if (utf8.length > 0 && utf8[0] == EnginePacketType.MESSAGE.digit()) {
            // The Socket.IO packet is read from the frame's bytes: no string of it is made.
            listener.onText(utf8, 1);
            return;
        }
        try {
            receive(EngineCodec.decode(new String(utf8, StandardCharsets.UTF_8)));
        } catch (ProtocolViolation e) {
            violation(e);
        }
    }

    void onBinaryFrame(Channel channel, byte[] data) {
        if (channel == probe) {
            abortUpgrade("binary frame during the upgrade");
            return;
        }
        if (channel == websocket && state == State.OPEN) {
            listener.onBinary(data);
        }
    }

    /** A websocket of this session closed. On the loop. */
    void onChannelClosed(Channel channel) {
        if (channel == probe) {
            abortUpgrade("the websocket closed before the upgrade");
        } else if (channel == websocket) {
            finish("transport closed");
        }
    }

    private void onProbeFrame(Channel channel, String text) {
        if (!probed && text.equals("2probe")) {
            probed = true;
            channel.writeAndFlush(new TextWebSocketFrame(EngineCodec.PROBE_PONG));
            // The client pauses polling before it upgrades, which needs its waiting GET answered.
            if (pendingGet != null) {
                releasePendingGet(outbox.isEmpty() ? EngineCodec.NOOP : drainOutbox());
            }
        } else if (probed && text.equals("5")) {
            upgradeTimer.cancel(false);
            probe = null;
            websocket = channel;
            transportName = "websocket";
            releasePendingGet(EngineCodec.NOOP);
            for (String packet : outbox) {
                websocket.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(websocket.alloc(), packet)));
            }
            outbox.clear();
            outboxChars = 0;
            websocket.flush();
            log.debug("upgraded sid={}", sid);
        } else {
            abortUpgrade("unexpected packet during the upgrade");
        }
    }

    private void abortUpgrade(String why) {
        Channel channel = probe;
        if (channel == null) {
            return;
        }
        log.debug("upgrade aborted sid={}: {}", sid, why);
        probe = null;
        if (upgradeTimer != null) {
            upgradeTimer.cancel(false);
        }
        channel.close();
    }

    // ---- packets -----------------------------------------------------------------------------------------------

    private void receive(EnginePacket packet) {
        switch (packet.type()) {
            case MESSAGE -> {
                if (packet.isBinary()) {
                    listener.onBinary(packet.binary());
                } else {
                    listener.onText(packet.text().getBytes(StandardCharsets.UTF_8), 0);
                }
            }
            case PONG -> heartbeat.pong();
            case CLOSE -> {
                releasePendingGet(EngineCodec.NOOP);
                finish("closed by the client");
            }
            case NOOP -> {
                // Harmless: some clients send it while they switch transports.
            }
            case OPEN, PING, UPGRADE ->
                violation(new ProtocolViolation("Engine.IO " + packet.type() + " packet from the client on "
                        + transportName + " (expected: message, pong or close)"));
        }
    }

    private void violation(ProtocolViolation e) {
        log.debug("protocol violation sid={} remote={}: {}", sid, handshake.remote(), e.getMessage());
        finish("protocol violation: " + e.getMessage());
    }

    // ---- closing -----------------------------------------------------------------------------------------------

    /**
     * Ends the session as a lost connection would, after what is queued, so that the client reconnects by itself: a
     * websocket gets its frames and then its connection closes without a close frame (some clients, OkHttp's among
     * them, stop reading at a close frame and would only notice the end at their ping timeout); a polling client
     * fetches the rest and a close packet. On the loop.
     */
    void drop(String reason) {
        if (state != State.OPEN) {
            return;
        }
        if (websocket == null) {
            close(reason);
            return;
        }
        Channel channel = websocket;
        websocket = null;
        endAfter(channel, Unpooled.EMPTY_BUFFER);
        finish(reason);
    }

    /**
     * Writes {@code last} and ends the connection behind it with a FIN, not a close: closed with frames of the client
     * still unread (it keeps sending until it sees the end), the connection would be reset, and a proxy in between
     * (nginx) drops what it had not passed on yet when it reads the reset: the frames written just before, signals
     * the server acknowledged among them. The client's close (or the close grace) closes it for good; what the client
     * sends meanwhile is read and ignored (the channel is no longer the session's).
     */
    private void endAfter(Channel channel, Object last) {
        channel.writeAndFlush(last).addListener(written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex && !duplex.isOutputShutdown()) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
        loop.schedule(() -> channel.close(), host.settings().closeGraceMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes from the server's side after what is queued: a websocket gets its frames and a close, a polling client
     * fetches the rest and a close packet on its next GETs, within the close grace. On the loop.
     */
    void close(String reason) {
        if (state != State.OPEN) {
            return;
        }
        if (websocket != null) {
            // Closed once the frames before it are written; finish() must not cut them off.
            Channel channel = websocket;
            websocket = null;
            // A client that does not read would hold the frames, and the connection, for ever: closed after the grace.
            endAfter(channel, new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            finish(reason);
            return;
        }
        state = State.CLOSING;
        heartbeat.stop();
        abortUpgrade("the session is closing");
        // A client that never comes back for its close packet must not keep the session (and what it queued).
        loop.schedule(
                () -> finish("did not fetch its close in time"),
                host.settings().closeGraceMillis(),
                TimeUnit.MILLISECONDS);
        listener.onClose(reason);
        scheduleFlush();
    }

    /** Ends the session now: nothing more is sent or read. On the loop. */
    void finish(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean notified = state == State.CLOSING;
        state = State.CLOSED;
        heartbeat.stop();
        abortUpgrade("the session closed");
        releasePendingGet(EngineCodec.CLOSE);
        outbox.clear();
        outboxChars = 0;
        if (websocket != null && websocket.isActive()) {
            websocket.close();
        }
        host.removed(this);
        log.debug("engine session closed sid={} reason={}", sid, reason);
        if (!notified) {
            listener.onClose(reason);
        }
    }
}
