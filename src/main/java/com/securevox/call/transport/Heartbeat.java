package com.securevox.call.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO 4 heartbeat of one session: the server pings after the interval, and a client that does not answer
 * within the timeout is gone. Confined to the session's event loop, as the session is.
 */
final class Heartbeat {

    private final EventLoop loop;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final Runnable sendPing;
    private final Runnable expired;
    private final Runnable task = this::fire;
    private ScheduledFuture<?> timer;
    private boolean awaitingPong;
    private boolean stopped;

    /**
     * @param sendPing queues a ping packet to the client
     * @param expired runs once when a ping went unanswered for the timeout
     */
    Heartbeat(EventLoop loop, long intervalMillis, long timeoutMillis, Runnable sendPing, Runnable expired) {
        this.loop = loop;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.sendPing = sendPing;
        this.expired = expired;
    }

    /** Waits the interval before the next ping. */
    void start() {
        cancel();
        if (!stopped) {
            timer = loop.schedule(task, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The client answered: the next ping comes an interval from now. */
    void pong() {
        awaitingPong = false;
        start();
    }

    /** No more pings, for good. */
    void stop() {
        stopped = true;
        cancel();
    }

    private void fire() {
        if (stopped) {
            return;
        }
        if (awaitingPong) {
            stop();
            expired.run();
            return;
        }
        awaitingPong = true;
        sendPing.run();
        timer = loop.schedule(task, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
