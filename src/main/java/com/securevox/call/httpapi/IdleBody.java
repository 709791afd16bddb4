package com.securevox.call.httpapi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body relayed from another node that may not go quiet for longer than {@code idle} while it is waited for: a node
 * that stops sending mid-file (hung, its disk stuck, a network that drops packets without a reset) would otherwise hold
 * the client's request, and the API's thread, until the connection drops, which may be never. Only the time spent
 * waiting for the source counts: a slow client, which the transport waits for between reads, does not. When the wait
 * runs out the source is closed, which wakes the waiting read with an {@link IOException}; the transport then cuts
 * the client's connection, the only honest end of a response whose length went out first.
 */
final class IdleBody extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(IdleBody.class);

    private final InputStream in;
    private final Duration idle;
    private final ScheduledExecutorService timer;
    private final String source;
    private volatile boolean stalled;
    /** Written by the reading thread only; read by the timer's for its log line. */
    private volatile long received;

    /**
     * @param source what the body comes from, for the log line and the error (the node and its URL)
     */
    IdleBody(InputStream in, Duration idle, ScheduledExecutorService timer, String source) {
        this.in = Objects.requireNonNull(in, "in");
        this.idle = Objects.requireNonNull(idle, "idle");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle: " + idle + " (expected: > 0)");
        }
        this.timer = Objects.requireNonNull(timer, "timer");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ScheduledFuture<?> watch = timer.schedule(this::stall, idle.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                received += n;
            }
            return n;
        } catch (IOException e) {
            throw stalled ? stalledException(e) : e;
        } finally {
            // A read that returned just as the watch fired keeps its bytes; the next one fails on the closed source.
            watch.cancel(false);
        }
    }

    private IOException stalledException(IOException cause) {
        return new IOException(
                source + " sent nothing for " + idle.toMillis() + " ms after " + received + " bytes of the body"
                        + " (expected: the rest of the file it announced)",
                cause);
    }

    private void stall() {
        stalled = true;
        log.warn(
                "relayed body stalled, closing it and the client's response source={} idleMillis={} bytesReceived={}",
                source,
                idle.toMillis(),
                received);
        close(in);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only lets go of the exchange with the stalled node.
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
